using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.AspNetCore.Tests;

/// <summary>
/// The finalizer Porch's repository controller keeps on a Repository (<c>config.porch.kpt.dev/repository</c>) and the
/// cleanup on delete (controllers/repositories/pkg/controllers/repository/deletion.go: close the repository's cache,
/// which removes its revisions and their metadata, then remove the finalizer), with apiserver's finalizer rules.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RepositoryFinalizerTests(ServerFixture server)
{
    private const string Repositories = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories";

    private string Remote(string name)
    {
        var remote = Path.Combine(server.WorkDir, name + ".git");
        if (!Directory.Exists(remote))
        {
            Conformance.Git(server.WorkDir, "init", "-q", "--bare", "-b", "main", remote);
        }

        return remote;
    }

    private async Task<KubectlResult> Ok(string? stdin, params string[] args)
    {
        var result = await server.KubectlInputAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result.Stderr}\n{server.ServerOutput}");
        return result;
    }

    private string RepositoryYaml(string name) => $"""
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: {name}
          namespace: default
        spec:
          type: git
          git:
            repo: {Remote(name)}
            branch: main
            createBranch: true
        """;

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string path, string? json = null, string type = "application/json", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, type) };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static List<string> Finalizers(JsonNode repository) =>
        repository["metadata"]!["finalizers"]?.AsArray().Select(f => f!.GetValue<string>()).ToList() ?? [];

    [Fact]
    public async Task Delete_ClosesCacheDropsRevisionsAndTheirMetadata_ReRegisterBringsNoStaleLabels()
    {
        await Ok(RepositoryYaml("finalized"), "apply", "-f", "-");
        await Ok(null, "wait", "--for=condition=Ready", "repository/finalized", "--timeout=60s");
        Assert.Equal("""["config.porch.kpt.dev/repository"]""", (await Ok(null, "get", "repository", "finalized", "-o", "jsonpath={.metadata.finalizers}")).Stdout.Trim());

        // A published revision (it lives on in Git) carrying a label only the metadata store holds.
        await Ok(
            """
            apiVersion: porch.kpt.dev/v1alpha1
            kind: PackageRevision
            metadata:
              name: finalized.kept.v1
              namespace: default
              labels:
                stale: "yes"
            spec:
              packageName: kept
              workspaceName: v1
              repository: finalized
              lifecycle: Draft
              tasks:
              - type: init
                init:
                  description: kept package
            """,
            "apply",
            "-f",
            "-");
        await Ok(null, "patch", "packagerevision", "finalized.kept.v1", "--type=merge", "-p", """{"spec":{"lifecycle":"Proposed"}}""");
        await Ok(null, "patch", "packagerevision", "finalized.kept.v1", "--subresource=approval", "--type=merge", "-p", """{"spec":{"lifecycle":"Published"}}""");
        Assert.Equal("yes", (await Ok(null, "get", "packagerevision", "finalized.kept.v1", "-o", "jsonpath={.metadata.labels.stale}")).Stdout.Trim());

        using var http = server.Client(ServerFixture.EditorToken);
        var version = (await Send(http, HttpMethod.Get, Repositories))["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var watch = await http.GetAsync(new Uri($"{Repositories}?watch=true&resourceVersion={version}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());

        Assert.Equal("repository.config.porch.kpt.dev \"finalized\" deleted", (await Ok(null, "delete", "repository", "finalized")).Stdout.Trim());

        // Terminating (deletionTimestamp, finalizer still there), then gone once the cleanup removed the finalizer.
        var events = new List<JsonNode>();
        while (events.Count == 0 || events[^1]["type"]!.GetValue<string>() != "DELETED")
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.NotNull(line);
            var change = JsonNode.Parse(line)!;
            if (change["object"]!["metadata"]!["name"]!.GetValue<string>() == "finalized")
            {
                events.Add(change);
            }
        }

        var terminating = events.Single(e => e["object"]!["metadata"]!["deletionTimestamp"] is not null && e["type"]!.GetValue<string>() == "MODIFIED");
        Assert.Equal(["config.porch.kpt.dev/repository"], Finalizers(terminating["object"]!));
        Assert.Empty(Finalizers(events[^1]["object"]!));
        Assert.NotNull(events[^1]["object"]!["metadata"]!["deletionTimestamp"]);

        var listed = await Ok(null, "get", "packagerevisions", "--field-selector=spec.repository=finalized", "-o", "name");
        Assert.Equal("", listed.Stdout.Trim());

        // Registered again: the published revision comes back from Git, without the deleted metadata's label.
        await Ok(RepositoryYaml("finalized"), "apply", "-f", "-");
        await Ok(null, "wait", "--for=condition=Ready", "repository/finalized", "--timeout=60s");
        var again = JsonNode.Parse((await Ok(null, "get", "packagerevisions", "--field-selector=spec.repository=finalized", "-o", "json")).Stdout)!["items"]!.AsArray();
        Assert.Contains(again, r => r!["spec"]!["packageName"]!.GetValue<string>() == "kept" && r["spec"]!["lifecycle"]!.GetValue<string>() == "Published");
        Assert.All(again, r => Assert.Null(r!["metadata"]!["labels"]?["stale"]));
        await Ok(null, "delete", "repository", "finalized");
    }

    [Fact]
    public async Task OtherFinalizer_HoldsTheTerminatingObject_NoNewFinalizers_RemovingItDeletes()
    {
        using var http = server.Client(ServerFixture.EditorToken);
        var body = new JsonObject
        {
            ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
            ["kind"] = "Repository",
            ["metadata"] = new JsonObject { ["name"] = "held", ["finalizers"] = new JsonArray("example.com/hold") },
            ["spec"] = new JsonObject { ["type"] = "git", ["git"] = new JsonObject { ["repo"] = Remote("held"), ["branch"] = "main", ["createBranch"] = true } },
        };
        var created = await Send(http, HttpMethod.Post, Repositories, body.ToJsonString(), expected: HttpStatusCode.Created);
        Assert.Equal(["example.com/hold", "config.porch.kpt.dev/repository"], Finalizers(created));

        // The delete runs the controller's cleanup (its finalizer goes) and answers the object, held by the other one.
        var deleted = await Send(http, HttpMethod.Delete, Repositories + "/held");
        Assert.Equal("Repository", deleted["kind"]!.GetValue<string>());
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);
        Assert.Equal(["example.com/hold"], Finalizers(deleted));
        Assert.NotNull((await Send(http, HttpMethod.Get, Repositories + "/held"))["metadata"]!["deletionTimestamp"]);

        var refused = await Send(http, HttpMethod.Patch, Repositories + "/held", """{"metadata":{"finalizers":["example.com/hold","example.com/other"]}}""", "application/merge-patch+json", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(
            "Repository.config.porch.kpt.dev \"held\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/other\"}",
            refused["message"]!.GetValue<string>());

        var version = (await Send(http, HttpMethod.Get, Repositories))["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var watch = await http.GetAsync(new Uri($"{Repositories}?watch=true&resourceVersion={version}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        await Send(http, HttpMethod.Patch, Repositories + "/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        JsonNode change;
        do
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.NotNull(line);
            change = JsonNode.Parse(line)!;
        }
        while (change["object"]!["metadata"]!["name"]!.GetValue<string>() != "held");

        // The update that removed the last finalizer deleted it: DELETED, showing no finalizer.
        Assert.Equal("DELETED", change["type"]!.GetValue<string>());
        Assert.Empty(Finalizers(change["object"]!));
        var gone = await Send(http, HttpMethod.Get, Repositories + "/held", expected: HttpStatusCode.NotFound);
        Assert.Equal("NotFound", gone["reason"]!.GetValue<string>());
    }
}
