using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.AspNetCore.Tests;

/// <summary>
/// The real kubectl's <c>apply --server-side</c> and <c>--dry-run=server</c> against samples/Server (issue 23): apiserver's
/// field-manager rules (fieldmanager's conflict texts) and <c>dryRun=All</c> on Repositories and Secrets.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServerSideApplyTests(ServerFixture server)
{
    private string Repository(string description)
    {
        var remote = Path.Combine(server.WorkDir, "ssa.git");
        if (!Directory.Exists(remote))
        {
            Conformance.Git(server.WorkDir, "init", "-q", "--bare", "-b", "main", remote);
        }

        return $"""
            apiVersion: config.porch.kpt.dev/v1alpha1
            kind: Repository
            metadata:
              name: ssa
              namespace: default
            spec:
              description: {description}
              type: git
              git:
                repo: {remote}
                branch: main
                createBranch: true
            """;
    }

    private async Task<KubectlResult> Ok(string? stdin, params string[] args)
    {
        var result = await server.KubectlInputAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Stderr}\n{server.ServerOutput}");
        return result;
    }

    [Fact]
    public async Task FieldManager_ApplyTwice_ThenConflictWithOtherManager_ThenForce()
    {
        var first = await Ok(Repository("first"), "apply", "--server-side", "-f", "-");
        Assert.Equal("repository.config.porch.kpt.dev/ssa serverside-applied\n", first.Stdout);
        var again = await Ok(Repository("first"), "apply", "--server-side", "-f", "-");
        Assert.Equal("repository.config.porch.kpt.dev/ssa serverside-applied\n", again.Stdout);
        await Ok(null, "wait", "--for=condition=Ready", "repository/ssa", "--timeout=120s");

        // A full sync's status (spec 7.1): when it ran, the generation it saw, how many revisions.
        var synced = JsonNode.Parse((await Ok(null, "get", "repository", "ssa", "-o", "json")).Stdout)!;
        Assert.NotNull(synced["status"]!["lastFullSyncTime"]);
        Assert.Equal(synced["metadata"]!["generation"]!.GetValue<long>(), synced["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(0, synced["status"]!["packageCount"]?.GetValue<int>() ?? 0);

        // Another manager changing a field kubectl owns: apiserver's conflict.
        var conflict = await server.KubectlInputAsync(Repository("second"), "apply", "--server-side", "--field-manager=other", "-f", "-");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.description", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal("first", Description(await Ok(null, "get", "repository", "ssa", "-o", "json")));

        // The same value is no conflict; --force-conflicts takes the field.
        await Ok(Repository("first"), "apply", "--server-side", "--field-manager=other", "-f", "-");
        await Ok(Repository("second"), "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-");
        Assert.Equal("second", Description(await Ok(null, "get", "repository", "ssa", "-o", "json")));

        // kubectl no longer owns the description: its next apply of another value conflicts with "other".
        var back = await server.KubectlInputAsync(Repository("third"), "apply", "--server-side", "-f", "-");
        Assert.Contains("conflict with \"other\": .spec.description", back.Stderr, StringComparison.Ordinal);

        // A custom resource has no strategic merge patch (kubectl patch's default): apiserver's 415.
        var strategic = await server.KubectlAsync("patch", "repository", "ssa", "-p", "{\"spec\":{\"description\":\"x\"}}");
        Assert.Equal(1, strategic.ExitCode);
        Assert.Contains("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", strategic.Stderr, StringComparison.Ordinal);

        // dryRun=All: the delete is answered, the repository stays.
        await Ok(null, "delete", "repository", "ssa", "--dry-run=server");
        await Ok(null, "get", "repository", "ssa");
        await Ok(null, "delete", "repository", "ssa");
    }

    [Fact]
    public async Task DryRunAll_SecretCreate_ValidatedNotStored()
    {
        var dry = await Ok(null, "create", "secret", "generic", "dry-secret", "--from-literal=key=value", "--dry-run=server", "-o", "json");
        Assert.Equal("dry-secret", JsonNode.Parse(dry.Stdout)!["metadata"]!["name"]!.GetValue<string>());
        var missing = await server.KubectlAsync("get", "secret", "dry-secret");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("secrets \"dry-secret\" not found", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleServer_Viewer_ReadsNamespacesButNotSecrets()
    {
        using var viewer = server.Client(ServerFixture.ViewerToken);
        using (var secrets = await viewer.GetAsync(new Uri("/api/v1/namespaces/default/secrets", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, secrets.StatusCode);
        }

        using var namespaces = await viewer.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, namespaces.StatusCode);
    }

    private static string Description(KubectlResult result) => JsonNode.Parse(result.Stdout)!["spec"]!["description"]!.GetValue<string>();
}
