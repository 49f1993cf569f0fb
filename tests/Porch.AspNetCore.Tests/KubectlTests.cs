using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Porch.AspNetCore.Tests.KubectlWatchOutput;

namespace Porch.AspNetCore.Tests;

/// <summary>The real kubectl against samples/Server: the Kubernetes API surface of Porch.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class KubectlTests(ServerFixture server)
{
    private static string Revision(string package, string workspace = "v1", string lifecycle = "Draft") => $"""
        apiVersion: porch.kpt.dev/v1alpha1
        kind: PackageRevision
        metadata:
          name: blueprints.{package}.{workspace}
          namespace: default
        spec:
          packageName: {package}
          workspaceName: {workspace}
          repository: blueprints
          lifecycle: {lifecycle}
          tasks:
          - type: init
            init:
              description: {package} package
        """;

    private async Task<KubectlResult> Ok(string? stdin, params string[] args)
    {
        var result = await server.KubectlInputAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Stderr}\n{server.ServerOutput}");
        return result;
    }

    [Fact]
    public async Task ApiResources_ListsPorchResources()
    {
        var result = await Ok(null, "api-resources");
        foreach (var line in new[]
        {
            "repositories               repo         config.porch.kpt.dev/v1alpha1   true         Repository",
            "packagerevisionresources                porch.kpt.dev/v1alpha1          true         PackageRevisionResources",
            "packagerevisions                        porch.kpt.dev/v1alpha1          true         PackageRevision",
            "packages                                porch.kpt.dev/v1alpha1          true         PorchPackage",
        })
        {
            Assert.Contains(line, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Repository_AppliedAndSynced_ShowsReadyCondition()
    {
        var table = await Ok(null, "get", "repositories");
        Assert.Contains("blueprints   git    Package   false        True    ", table.Stdout, StringComparison.Ordinal);
        var json = JsonNode.Parse((await Ok(null, "get", "repository", "blueprints", "-o", "json")).Stdout)!;
        var ready = json["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!;
        Assert.Equal(("True", "Ready"), (ready["status"]!.GetValue<string>(), ready["reason"]!.GetValue<string>()));
        Assert.StartsWith("Repository Ready", ready["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Init_GetTableYamlAndResources()
    {
        var applied = await Ok(Revision("apply-init"), "apply", "-f", "-");
        Assert.Equal("packagerevision.porch.kpt.dev/blueprints.apply-init.v1 created\n", applied.Stdout);

        var table = await Ok(null, "get", "packagerevisions", "blueprints.apply-init.v1");
        Assert.Equal(
            "NAME                       PACKAGE      WORKSPACENAME   REVISION   LATEST   LIFECYCLE   REPOSITORY\n" +
            "blueprints.apply-init.v1   apply-init   v1              0          false    Draft       blueprints\n",
            table.Stdout);

        var yaml = await Ok(null, "get", "packagerevisions", "blueprints.apply-init.v1", "-o", "yaml");
        Assert.Contains("  packageName: apply-init\n", yaml.Stdout, StringComparison.Ordinal);
        Assert.Contains("  - init:\n      description: apply-init package\n    type: init\n", yaml.Stdout, StringComparison.Ordinal);

        var resources = await Ok(null, "get", "packagerevisionresources", "blueprints.apply-init.v1", "-o", "yaml");
        Assert.Contains("    Kptfile: |\n      apiVersion: kpt.dev/v1\n      kind: Kptfile\n      metadata:\n        name: apply-init\n", resources.Stdout, StringComparison.Ordinal);

        var again = await Ok(Revision("apply-init"), "apply", "-f", "-");
        Assert.Equal("packagerevision.porch.kpt.dev/blueprints.apply-init.v1 unchanged\n", again.Stdout);
    }

    [Fact]
    public async Task Replace_Resources_RendersAndStores()
    {
        await Ok(Revision("edit-me"), "apply", "-f", "-");
        var json = JsonNode.Parse((await Ok(null, "get", "packagerevisionresources", "blueprints.edit-me.v1", "-o", "json")).Stdout)!;
        var resources = json["spec"]!["resources"]!.AsObject();
        resources["Kptfile"] = resources["Kptfile"]!.GetValue<string>() +
            "pipeline:\n  mutators:\n  - image: ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.1\n    configMap:\n      namespace: edited\n";
        resources["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n";

        var replaced = await Ok(json.ToJsonString(), "replace", "-f", "-");
        Assert.Equal("packagerevisionresources.porch.kpt.dev/blueprints.edit-me.v1 replaced\n", replaced.Stdout);

        var stored = JsonNode.Parse((await Ok(null, "get", "packagerevisionresources", "blueprints.edit-me.v1", "-o", "json")).Stdout)!;
        Assert.Contains("namespace: edited", stored["spec"]!["resources"]!["cm.yaml"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_ProposeByPatch_ApproveThroughApprovalSubresource_Delete()
    {
        await Ok(Revision("lifecycle"), "apply", "-f", "-");
        await Ok(null, "patch", "packagerevision", "blueprints.lifecycle.v1", "--type=merge", "-p", """{"spec":{"lifecycle":"Proposed"}}""");
        var approved = await Ok(null, "patch", "packagerevision", "blueprints.lifecycle.v1", "--subresource=approval", "--type=merge", "-p", """{"spec":{"lifecycle":"Published"}}""");
        Assert.Equal("packagerevision.porch.kpt.dev/blueprints.lifecycle.v1 patched\n", approved.Stdout);

        var table = await Ok(null, "get", "packagerevisions", "--field-selector=spec.packageName=lifecycle");
        Assert.Contains("blueprints.lifecycle.main   lifecycle   main            -1         false    Published   blueprints", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("blueprints.lifecycle.v1     lifecycle   v1              1          true     Published   blueprints", table.Stdout, StringComparison.Ordinal);

        var refused = await server.KubectlAsync("delete", "packagerevision", "blueprints.lifecycle.v1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("Error from server (Forbidden): packagerevisions.porch.kpt.dev \"blueprints.lifecycle.v1\" is forbidden: published PackageRevisions must be proposed for deletion by setting spec.lifecycle to 'DeletionProposed' prior to deletion\n", refused.Stderr);

        await Ok(null, "patch", "packagerevision", "blueprints.lifecycle.v1", "--subresource=approval", "--type=merge", "-p", """{"spec":{"lifecycle":"DeletionProposed"}}""");
        var deleted = await Ok(null, "delete", "packagerevision", "blueprints.lifecycle.v1");
        Assert.Equal("packagerevision.porch.kpt.dev \"blueprints.lifecycle.v1\" deleted\n", deleted.Stdout);
    }

    [Fact]
    public async Task Errors_StaleUpdate409_NotFound404_Invalid422_Internal500_Packages405()
    {
        await Ok(Revision("errors"), "apply", "-f", "-");
        var stale = (await Ok(null, "get", "packagerevision", "blueprints.errors.v1", "-o", "json")).Stdout;
        await Ok(null, "patch", "packagerevision", "blueprints.errors.v1", "--type=merge", "-p", """{"metadata":{"labels":{"touched":"yes"}}}""");
        var conflict = await server.KubectlInputAsync(stale, "replace", "-f", "-");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Equal(
            "Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on packagerevisions.porch.kpt.dev \"blueprints.errors.v1\": the object has been modified; please apply your changes to the latest version and try again\n",
            conflict.Stderr);

        var missing = await server.KubectlAsync("get", "packagerevision", "blueprints.nope.v1");
        Assert.Equal("Error from server (NotFound): packagerevisions.porch.kpt.dev \"blueprints.nope.v1\" not found\n", missing.Stderr);

        var invalid = await server.KubectlInputAsync(Revision("bad", "Bad_WS"), "create", "-f", "-");
        Assert.Equal(
            "The PackageRevision \"blueprints.bad.Bad_WS\" is invalid: spec.workspaceName: Invalid value: \"Bad_WS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n",
            invalid.Stderr);

        var exists = await server.KubectlInputAsync(Revision("errors", "v2"), "create", "-f", "-");
        Assert.Equal("Error from server (InternalError): error when creating \"STDIN\": Internal error occurred: package \"errors\" already exists in repository \"blueprints\"\n", exists.Stderr);

        var package = await server.KubectlAsync("delete", "packages", "blueprints.errors");
        Assert.Equal("Error from server (MethodNotAllowed): delete all PackageRevisions resources of a package to delete a package as direct package deletion\n", package.Stderr);
    }

    [Fact]
    public async Task Watch_ReceivesAddedModifiedDeleted()
    {
        // A change the watch does not match, so the version kubectl's list reports is past 0 (the server reads
        // resourceVersion=0 as "start from now", not "replay from 0").
        await Ok(Revision("before-watch"), "apply", "-f", "-");
        var output = new StringBuilder();
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = server.StartKubectl(
            output,
            line =>
            {
                // -v=7 logs each request as it is sent. kubectl lists, then watches from the list's resourceVersion,
                // and the server replays every change after that version: once the watch request names it, no change
                // made from here on can be missed, however long the request takes to arrive.
                if (line.Contains("watch=true", StringComparison.Ordinal) && ResourceVersion().Match(line) is { Success: true } version && version.Groups[1].Value != "0")
                {
                    watching.TrySetResult();
                }

                if (line.StartsWith("DELETED", StringComparison.Ordinal) && line.Contains("blueprints.watched.v1", StringComparison.Ordinal))
                {
                    deleted.TrySetResult();
                }
            },
            "get", "packagerevisions", "-w", "--output-watch-events", "--field-selector=spec.packageName=watched", "-v=7");
        await WaitFor(watching.Task, output, "watch request");
        await Ok(Revision("watched"), "apply", "-f", "-");
        await Ok(null, "patch", "packagerevision", "blueprints.watched.v1", "--type=merge", "-p", """{"spec":{"lifecycle":"Proposed"}}""");
        await Ok(null, "delete", "packagerevision", "blueprints.watched.v1");
        await WaitFor(deleted.Task, output, "DELETED event");

        watch.Kill(entireProcessTree: true);
        var lines = Text(output).Split('\n').Where(l => l.Contains("blueprints.watched.v1", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 3, Text(output));
        Assert.StartsWith("ADDED", lines[0], StringComparison.Ordinal);
        Assert.Contains("Draft", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("MODIFIED", StringComparison.Ordinal) && l.Contains("Proposed", StringComparison.Ordinal));
        Assert.StartsWith("DELETED", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_NoToken401_ViewerCannotWrite403()
    {
        var wrong = await server.KubectlWithTokenAsync("not-a-token", null, "get", "packagerevisions");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", wrong.Stderr, StringComparison.Ordinal);

        var viewerRead = await server.KubectlWithTokenAsync(ServerFixture.ViewerToken, null, "get", "packagerevisions");
        Assert.Equal(0, viewerRead.ExitCode);

        var viewerWrite = await server.KubectlWithTokenAsync(ServerFixture.ViewerToken, Revision("viewer"), "create", "-f", "-");
        Assert.NotEqual(0, viewerWrite.ExitCode);
        Assert.Contains("Forbidden", viewerWrite.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedBy_IsTheAuthenticatedUser()
    {
        await Ok(Revision("published-by"), "apply", "-f", "-");
        await Ok(null, "patch", "packagerevision", "blueprints.published-by.v1", "--type=merge", "-p", """{"spec":{"lifecycle":"Proposed"}}""");
        await Ok(null, "patch", "packagerevision", "blueprints.published-by.v1", "--subresource=approval", "--type=merge", "-p", """{"spec":{"lifecycle":"Published"}}""");
        var json = JsonNode.Parse((await Ok(null, "get", "packagerevision", "blueprints.published-by.v1", "-o", "json")).Stdout)!;
        Assert.Equal("alice", json["status"]!["publishedBy"]!.GetValue<string>());
    }

    [GeneratedRegex("[?&]resourceVersion=([0-9]+)")]
    private static partial Regex ResourceVersion();
}
