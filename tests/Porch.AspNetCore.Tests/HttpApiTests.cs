using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Tests;

/// <summary>The API over plain HTTP requests: watch resume and 410, paging, patches, repositories, 405s.</summary>
[Collection(ServerCollection.Name)]
public sealed class HttpApiTests(ServerFixture server) : IDisposable
{
    private const string Revisions = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
    private readonly HttpClient _http = Client(server, ServerFixture.EditorToken);

    private static HttpClient Client(ServerFixture server, string? token)
    {
#pragma warning disable CA5400, CA2000 // A test client for a throw-away self-signed certificate on loopback; the client owns the handler.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(server.Address) };
#pragma warning restore CA5400, CA2000
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public void Dispose() => _http.Dispose();

    private static StringContent Json(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    private static string Create(string package, string workspace = "v1") => $$$"""
        {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision","metadata":{"namespace":"default"},
         "spec":{"packageName":"{{{package}}}","workspaceName":"{{{workspace}}}","repository":"blueprints"}}
        """;

    private async Task<JsonNode> Send(HttpMethod method, string path, HttpContent? content = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task NoToken_Unauthorized401Status()
    {
        using var anonymous = Client(server, null);
        using var response = await anonymous.GetAsync(new Uri(Revisions, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("Status", "Unauthorized", 401), (status["kind"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Watch_ResumesFromVersion_AndTooOldIs410()
    {
        var list = await Send(HttpMethod.Get, Revisions + "?fieldSelector=spec.packageName=resume");
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        await Send(HttpMethod.Post, Revisions, Json(Create("resume")), HttpStatusCode.Created);

        using var watch = await _http.GetAsync(new Uri($"{Revisions}?watch=1&resourceVersion={version}&fieldSelector=spec.packageName=resume", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        var first = JsonNode.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)))!)!;
        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal("blueprints.resume.v1", first["object"]!["metadata"]!["name"]!.GetValue<string>());

        using var old = await _http.GetAsync(new Uri($"{Revisions}?watch=1&resourceVersion=not-a-number", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
    }

    [Fact]
    public async Task List_LimitAndContinue_PageThroughAll()
    {
        await Send(HttpMethod.Post, Revisions, Json(Create("paged-a")), HttpStatusCode.Created);
        await Send(HttpMethod.Post, Revisions, Json(Create("paged-b")), HttpStatusCode.Created);
        var names = new List<string>();
        string? next = null;
        do
        {
            var page = await Send(HttpMethod.Get, Revisions + "?limit=1" + (next is null ? "" : "&continue=" + next));
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            next = page["metadata"]!["continue"]?.GetValue<string>();
        }
        while (next is not null);

        var all = await Send(HttpMethod.Get, Revisions);
        Assert.Equal(all["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()), names);
        Assert.Contains("blueprints.paged-a.v1", names);
    }

    [Fact]
    public async Task JsonPatch_ChangesLabel_TableAcceptGivesPorchColumns()
    {
        await Send(HttpMethod.Post, Revisions, Json(Create("patched")), HttpStatusCode.Created);
        var patched = await Send(HttpMethod.Patch, Revisions + "/blueprints.patched.v1",
            Json("""[{"op":"add","path":"/metadata/labels","value":{"team":"a"}}]""", "application/json-patch+json"));
        Assert.Equal("a", patched["metadata"]!["labels"]!["team"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Get, Revisions + "/blueprints.patched.v1");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await _http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Package", "WorkspaceName", "Revision", "Latest", "Lifecycle", "Repository"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    /// <summary>
    /// A package revision write has no side-effect-free form (Git, render, push): <c>dryRun=All</c> is refused with 400
    /// before anything runs, on create, update, patch, delete (query or DeleteOptions body) and resources, and nothing
    /// changes.
    /// </summary>
    [Fact]
    public async Task DryRunOnPackageRevisionWrites_Refused400_NothingChanges()
    {
        var status = await Send(HttpMethod.Post, Revisions + "?dryRun=All", Json(Create("dry")), HttpStatusCode.BadRequest);
        Assert.Equal("dryRun is not supported for packagerevisions.porch.kpt.dev: nothing was changed", status["message"]!.GetValue<string>());
        await Send(HttpMethod.Get, Revisions + "/blueprints.dry.v1", expected: HttpStatusCode.NotFound);

        await Send(HttpMethod.Post, Revisions, Json(Create("dry")), HttpStatusCode.Created);
        await Send(HttpMethod.Patch, Revisions + "/blueprints.dry.v1?dryRun=All",
            Json("""[{"op":"add","path":"/metadata/labels","value":{"team":"a"}}]""", "application/json-patch+json"), HttpStatusCode.BadRequest);
        await Send(HttpMethod.Delete, Revisions + "/blueprints.dry.v1",
            Json("""{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]}"""), HttpStatusCode.BadRequest);
        var resources = await Send(HttpMethod.Get, "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisionresources/blueprints.dry.v1");
        await Send(HttpMethod.Put, "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisionresources/blueprints.dry.v1?dryRun=All",
            Json(resources.ToJsonString()), HttpStatusCode.BadRequest);

        var after = await Send(HttpMethod.Get, Revisions + "/blueprints.dry.v1");
        Assert.Null(after["metadata"]!["labels"]?["team"]);
        Assert.Null(after["metadata"]!["deletionTimestamp"]);
    }

    /// <summary>
    /// apiserver's delete.go: a delete that finalizers hold back is answered 200 with the object, its deletionTimestamp
    /// set; the object goes when the last finalizer is removed.
    /// </summary>
    [Fact]
    public async Task Delete_HeldByAFinalizer_200WithDeletionTimestamp_GoneWhenReleased()
    {
        await Send(HttpMethod.Post, Revisions, Json(Create("held")), HttpStatusCode.Created);
        await Send(HttpMethod.Patch, Revisions + "/blueprints.held.v1", Json("""{"metadata":{"finalizers":["example.com/hold"]}}""", "application/merge-patch+json"));

        var deleted = await Send(HttpMethod.Delete, Revisions + "/blueprints.held.v1");
        Assert.Equal("PackageRevision", deleted["kind"]!.GetValue<string>());
        Assert.NotNull(deleted["metadata"]!["deletionTimestamp"]);

        await Send(HttpMethod.Patch, Revisions + "/blueprints.held.v1", Json("""{"metadata":{"finalizers":null}}""", "application/merge-patch+json"));
        await Send(HttpMethod.Get, Revisions + "/blueprints.held.v1", expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Repository_ImmutableFields422_UnknownPatchType415_ResourcesWatch405()
    {
        const string repositories = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories";
        var status = await Send(HttpMethod.Patch, repositories + "/blueprints",
            Json("""{"spec":{"git":{"branch":"other"}}}""", "application/merge-patch+json"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Repository.config.porch.kpt.dev \"blueprints\" is invalid: spec.git.branch: Invalid value: \"other\": spec.git.branch is immutable", status["message"]!.GetValue<string>());

        var described = await Send(HttpMethod.Patch, repositories + "/blueprints", Json("""{"spec":{"description":"changed"}}""", "application/merge-patch+json"));
        Assert.Equal("changed", described["spec"]!["description"]!.GetValue<string>());

        var badType = await Send(HttpMethod.Patch, Revisions + "/blueprints.any.v1", Json("x: y", "application/yaml"), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("UnsupportedMediaType", badType["reason"]!.GetValue<string>());

        var resourcesWatch = await Send(HttpMethod.Get, "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisionresources?watch=1", null, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(405, resourcesWatch["code"]!.GetValue<int>());
    }
}
