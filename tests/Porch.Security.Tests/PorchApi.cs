using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.Security.Tests;

/// <summary>The requests the attacks are built from: Porch's REST paths and JSON bodies, nothing of our own code.</summary>
public static class PorchApi
{
    public static string Revisions(string ns) => $"/apis/porch.kpt.dev/v1alpha1/namespaces/{ns}/packagerevisions";

    public static string Resources(string ns) => $"/apis/porch.kpt.dev/v1alpha1/namespaces/{ns}/packagerevisionresources";

    public static string Repositories(string ns) => $"/apis/config.porch.kpt.dev/v1alpha1/namespaces/{ns}/repositories";

    public static JsonObject Repository(string name, string repo, string? directory = null, string branch = "main") => new()
    {
        ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
        ["kind"] = "Repository",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["type"] = "git",
            ["git"] = new JsonObject
            {
                ["repo"] = repo,
                ["branch"] = branch,
                ["createBranch"] = true,
                ["directory"] = directory ?? "/",
            },
        },
    };

    public static JsonObject Draft(string repository, string package, string workspace, JsonObject? task = null) => new()
    {
        ["apiVersion"] = "porch.kpt.dev/v1alpha1",
        ["kind"] = "PackageRevision",
        ["metadata"] = new JsonObject { ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["repository"] = repository,
            ["packageName"] = package,
            ["workspaceName"] = workspace,
            ["lifecycle"] = "Draft",
            ["tasks"] = new JsonArray(task ?? new JsonObject { ["type"] = "init", ["init"] = new JsonObject { ["description"] = "security" } }),
        },
    };

    public static JsonObject GitClone(string repo, string reference = "main", string directory = "/") => new()
    {
        ["type"] = "clone",
        ["clone"] = new JsonObject
        {
            ["upstreamRef"] = new JsonObject
            {
                ["type"] = "git",
                ["git"] = new JsonObject { ["repo"] = repo, ["ref"] = reference, ["directory"] = directory },
            },
        },
    };

    public static StringContent Json(JsonNode body, string mediaType = "application/json") =>
        new(body.ToJsonString(), Encoding.UTF8, mediaType);

    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string path, JsonNode body) =>
        SendAsync(client, HttpMethod.Post, path, Json(body));

    public static Task<(HttpStatusCode Status, string Body)> PatchAsync(HttpClient client, string path, string body, string? mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
        return SendAsync(client, HttpMethod.Patch, path, content);
    }

    /// <summary>Registers a repository and waits (bounded) until its Ready condition is True.</summary>
    public static async Task RegisterReadyAsync(HttpClient client, string name, string repo, string? directory = null)
    {
        var (status, body) = await PostAsync(client, Repositories("default"), Repository(name, repo, directory));
        Assert.True(status == HttpStatusCode.Created, $"registering {name} answered {(int)status}: {body}");
        await WaitForAsync(async () =>
        {
            var (s, b) = await SendAsync(client, HttpMethod.Get, Repositories("default") + "/" + name);
            return s == HttpStatusCode.OK && JsonNode.Parse(b)?["status"]?["conditions"]?.AsArray()
                .Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
        }, $"repository {name} to be Ready");
    }

    /// <summary>Creates a draft and returns its name.</summary>
    public static async Task<string> CreateDraftAsync(HttpClient client, string repository, string package, string workspace = "v1")
    {
        var (status, body) = await PostAsync(client, Revisions("default"), Draft(repository, package, workspace));
        Assert.True(status == HttpStatusCode.Created, $"creating {package} answered {(int)status}: {body}");
        return JsonNode.Parse(body)!["metadata"]!["name"]!.GetValue<string>();
    }

    /// <summary>Replaces the draft's resources with <paramref name="edit"/> applied to the current ones.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> EditResourcesAsync(HttpClient client, string name, Action<JsonObject> edit)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Get, Resources("default") + "/" + name);
        Assert.Equal(HttpStatusCode.OK, status);
        var resources = JsonNode.Parse(body)!.AsObject();
        edit(resources["spec"]!["resources"]!.AsObject());
        return await SendAsync(client, HttpMethod.Put, Resources("default") + "/" + name, Json(resources));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, at most <paramref name="limit"/> (default 60 s; a deadline, never an open-ended wait).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            // The REST surface has no watch on Repository objects (only on package revisions), so a Ready condition
            // that a background open sets can only be polled: short steps, always bounded by the deadline above.
            await Task.Delay(100);
        }
    }

    /// <summary>Makes a bare repository under <paramref name="root"/> (its path may have folders).</summary>
    public static string BareRepository(string root, string relativePath)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Conformance.Git(root, "init", "-q", "--bare", "-b", "main", path);
        return path;
    }

    /// <summary>The refs of a bare repository, one per line.</summary>
    public static string Refs(string bare) => Conformance.Git(bare, "for-each-ref", "--format=%(refname)");
}
