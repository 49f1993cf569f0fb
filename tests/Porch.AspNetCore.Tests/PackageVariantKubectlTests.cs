using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.AspNetCore.Tests;

/// <summary>
/// kubectl against samples/Server with the package variant controllers: a PackageVariantSet fans a published
/// blueprint out to two labelled deployment repositories, and <c>kubectl get packagevariants</c> shows the variants.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PackageVariantKubectlTests(ServerFixture server)
{
    private async Task<KubectlResult> Ok(string? stdin, params string[] args)
    {
        var result = await server.KubectlInputAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Stderr}\n{server.ServerOutput}");
        return result;
    }

    [Fact]
    public async Task PackageVariantSet_FansBlueprintOutToTwoRepositories_GetShowsVariants()
    {
        var resources = await Ok(null, "api-resources", "--api-group=config.porch.kpt.dev");
        Assert.Contains("packagevariants", resources.Stdout, StringComparison.Ordinal);
        Assert.Contains("packagevariantsets", resources.Stdout, StringComparison.Ordinal);

        foreach (var name in new[] { "pv-east", "pv-west" })
        {
            var path = Path.Combine(server.WorkDir, name + ".git");
            Conformance.Git(server.WorkDir, "init", "-q", "--bare", "-b", "main", path);
            await Ok($"""
                apiVersion: config.porch.kpt.dev/v1alpha1
                kind: Repository
                metadata:
                  name: {name}
                  namespace: default
                  labels:
                    fleet: pvtest
                spec:
                  type: git
                  deployment: true
                  git:
                    repo: {path}
                    branch: main
                    createBranch: true
                """, "apply", "-f", "-");
        }

        await Ok("""
            apiVersion: porch.kpt.dev/v1alpha1
            kind: PackageRevision
            metadata:
              name: blueprints.pvtest-web.v1
              namespace: default
            spec:
              packageName: pvtest-web
              workspaceName: v1
              repository: blueprints
              tasks:
              - type: init
                init:
                  description: web blueprint
            """, "apply", "-f", "-");
        await Ok(null, "patch", "packagerevision", "blueprints.pvtest-web.v1", "--type=merge", "-p", """{"spec":{"lifecycle":"Proposed"}}""");
        await Ok(null, "patch", "packagerevision", "blueprints.pvtest-web.v1", "--subresource=approval", "--type=merge", "-p", """{"spec":{"lifecycle":"Published"}}""");

        await Ok("""
            apiVersion: config.porch.kpt.dev/v1alpha2
            kind: PackageVariantSet
            metadata:
              name: pvtest-fleet
              namespace: default
            spec:
              upstream:
                repo: blueprints
                package: pvtest-web
              targets:
              - repositorySelector:
                  matchLabels:
                    fleet: pvtest
                template:
                  downstream:
                    packageExpr: "'web-' + repository.name"
                  packageContext:
                    data:
                      region: "from-set"
            """, "apply", "-f", "-");
        await Ok(null, "wait", "--for=condition=Ready", "packagevariantset/pvtest-fleet", "--timeout=120s");
        await Ok(null, "wait", "--for=condition=Ready", "packagevariant/pvtest-fleet-pv-east-web-pv-east", "packagevariant/pvtest-fleet-pv-west-web-pv-west", "--timeout=120s");

        var table = await Ok(null, "get", "packagevariants");
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+AGE$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("pvtest-fleet-pv-east-web-pv-east ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("pvtest-fleet-pv-west-web-pv-west ", StringComparison.Ordinal));
        var wide = await Ok(null, "get", "packagevariants", "-o", "wide");
        Assert.Matches(@"pvtest-fleet-pv-east-web-pv-east\s+\S+\s+True\s+False\s+pv-east\.web-pv-east\.packagevariant-1", wide.Stdout);

        var variant = JsonNode.Parse((await Ok(null, "get", "packagevariant", "pvtest-fleet-pv-west-web-pv-west", "-o", "json")).Stdout)!;
        Assert.Equal("from-set", variant["spec"]!["packageContext"]!["data"]!["region"]!.GetValue<string>());
        Assert.Equal("config.porch.kpt.dev/packagevariants", variant["metadata"]!["finalizers"]![0]!.GetValue<string>());
        var drafts = await Ok(null, "get", "packagerevisions", "--field-selector=spec.repository=pv-west");
        Assert.Contains("pv-west.web-pv-west.packagevariant-1", drafts.Stdout, StringComparison.Ordinal);
    }
}
