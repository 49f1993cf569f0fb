using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Tests;

/// <summary>Requests Kubernetes answers in a particular way (issue 16 item 9): codes, reasons and texts as apiserver's.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApiCaseTests(ServerFixture server) : IDisposable
{
    private const string Revisions = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
    private const string Repositories = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories";
    private const string Rejected = "the server rejected our request due to an error in our request";
    private readonly HttpClient _http = server.Client(ServerFixture.EditorToken);

    public void Dispose() => _http.Dispose();

    private static StringContent Json(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    private static string Create(string package, string workspace = "v1") => $$$"""
        {"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision","metadata":{"namespace":"default"},
         "spec":{"packageName":"{{{package}}}","workspaceName":"{{{workspace}}}","repository":"blueprints"}}
        """;

    private async Task<(HttpResponseMessage Response, JsonNode Body)> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
        return (response, JsonNode.Parse(body)!);
    }

    private async Task<JsonNode> Send(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        var (response, body) = await SendAsync(method, path, content, expected);
        response.Dispose();
        return body;
    }

    private async Task<string> DraftAsync(string package)
    {
        var created = await Send(HttpMethod.Post, Revisions, Json(Create(package)), HttpStatusCode.Created);
        return created["metadata"]!["name"]!.GetValue<string>();
    }

    private static void AssertStatus(JsonNode status, int code, string reason, string message)
    {
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(code, status["code"]!.GetValue<int>());
        Assert.Equal(reason, status["reason"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Fact]
    public async Task JsonPatch_RemoveRoot_Is422Rejected()
    {
        var name = await DraftAsync("patch-remove-root");
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}", Json("""[{"op":"remove","path":""}]""", "application/json-patch+json"), HttpStatusCode.UnprocessableEntity);
        AssertStatus(status, 422, "Invalid", Rejected);
    }

    [Fact]
    public async Task JsonPatch_OpNotAString_Is422Rejected()
    {
        var name = await DraftAsync("patch-op-number");
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}", Json("""[{"op":5,"path":"/metadata/labels"}]""", "application/json-patch+json"), HttpStatusCode.UnprocessableEntity);
        AssertStatus(status, 422, "Invalid", Rejected);
    }

    [Fact]
    public async Task JsonPatch_PlusSignedIndex_IsAnInvalidIndex422()
    {
        var name = await DraftAsync("patch-plus-index");
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}",
            Json("""[{"op":"add","path":"/spec/readinessGates/+0","value":{"conditionType":"x"}}]""", "application/json-patch+json"), HttpStatusCode.UnprocessableEntity);
        AssertStatus(status, 422, "Invalid", Rejected);
        var unchanged = await Send(HttpMethod.Get, $"{Revisions}/{name}", null, HttpStatusCode.OK);
        Assert.Empty(unchanged["spec"]!["readinessGates"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task JsonPatch_NotAListOfOperations_Is400()
    {
        var name = await DraftAsync("patch-not-list");
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}", Json("""{"op":"add"}""", "application/json-patch+json"), HttpStatusCode.BadRequest);
        AssertStatus(status, 400, "BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }

    [Fact]
    public async Task Body_OverTheLimit_Is413RequestEntityTooLarge()
    {
        var big = Create("too-large").Replace("\"metadata\":{", "\"metadata\":{\"annotations\":{\"a\":\"" + new string('x', 3 * 1024 * 1024) + "\"},", StringComparison.Ordinal);
        var status = await Send(HttpMethod.Post, Revisions, Json(big), HttpStatusCode.RequestEntityTooLarge);
        AssertStatus(status, 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    }

    [Fact]
    public async Task Patch_WithoutContentType_Is415UnsupportedMediaType()
    {
        var name = await DraftAsync("patch-no-type");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"metadata":{"labels":{"a":"b"}}}"""));
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}", content, HttpStatusCode.UnsupportedMediaType);
        AssertStatus(status, 415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
    }

    [Fact]
    public async Task DuplicateKeys_Strict_Is400StrictDecodingError()
    {
        var body = Create("dup-strict").Replace("\"workspaceName\":\"v1\"", "\"workspaceName\":\"v1\",\"workspaceName\":\"v2\"", StringComparison.Ordinal);
        var status = await Send(HttpMethod.Post, Revisions + "?fieldValidation=Strict", Json(body), HttpStatusCode.BadRequest);
        AssertStatus(status, 400, "BadRequest",
            "PackageRevision in version \"v1alpha1\" cannot be handled as a PackageRevision: strict decoding error: duplicate field \"spec.workspaceName\"");
    }

    [Fact]
    public async Task DuplicateKeys_WarnByDefault_Warning299Header_LastValueWins()
    {
        var body = Create("dup-warn").Replace("\"workspaceName\":\"v1\"", "\"workspaceName\":\"v0\",\"workspaceName\":\"v1\"", StringComparison.Ordinal);
        var (response, created) = await SendAsync(HttpMethod.Post, Revisions, Json(body), HttpStatusCode.Created);
        using (response)
        {
            Assert.Equal(["299 - \"duplicate field \\\"spec.workspaceName\\\"\""], response.Headers.GetValues("Warning"));
        }

        Assert.Equal("v1", created["spec"]!["workspaceName"]!.GetValue<string>());
    }

    [Fact]
    public async Task DuplicateKeys_Ignore_NoWarning()
    {
        var body = Create("dup-ignore").Replace("\"workspaceName\":\"v1\"", "\"workspaceName\":\"v0\",\"workspaceName\":\"v1\"", StringComparison.Ordinal);
        var (response, _) = await SendAsync(HttpMethod.Post, Revisions + "?fieldValidation=Ignore", Json(body), HttpStatusCode.Created);
        using (response)
        {
            Assert.False(response.Headers.Contains("Warning"));
        }
    }

    [Fact]
    public async Task Update_ChangedPackageName_Is422FieldIsImmutable()
    {
        var name = await DraftAsync("immutable-name");
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}", Json("""{"spec":{"packageName":"renamed"}}""", "application/merge-patch+json"), HttpStatusCode.UnprocessableEntity);
        AssertStatus(status, 422, "Invalid", $"PackageRevision.porch.kpt.dev \"{name}\" is invalid: spec.packageName: Invalid value: \"renamed\": field is immutable");
        Assert.Equal("spec.packageName", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_ChangedRepositoryOrWorkspace_Is422FieldIsImmutable()
    {
        var name = await DraftAsync("immutable-ws");
        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}", Json("""{"spec":{"workspaceName":"v9","repository":"other"}}""", "application/merge-patch+json"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(
            $"PackageRevision.porch.kpt.dev \"{name}\" is invalid: [spec.repository: Invalid value: \"other\": field is immutable, spec.workspaceName: Invalid value: \"v9\": field is immutable]",
            status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_NestedDeeperThanMaxDepth_Is400()
    {
        var body = Create("too-deep").Replace("\"metadata\":{", "\"metadata\":{\"x\":" + Nested(200) + ",", StringComparison.Ordinal);
        var status = await Send(HttpMethod.Post, Revisions, Json(body), HttpStatusCode.BadRequest);
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());

        var name = await DraftAsync("too-deep-patch");
        var patch = await Send(HttpMethod.Patch, $"{Revisions}/{name}",
            Json("[{\"op\":\"add\",\"path\":\"/metadata/x\",\"value\":" + Nested(60) + "}," +
                 "{\"op\":\"add\",\"path\":\"/metadata/x" + string.Concat(Enumerable.Repeat("/0", 59)) + "/0\",\"value\":" + Nested(60) + "}]", "application/json-patch+json"), HttpStatusCode.BadRequest);
        Assert.Equal("BadRequest", patch["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("..", "spec.git.repo")]
    [InlineData(".", "spec.git.repo")]
    [InlineData("fd::3", "spec.git.repo")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "spec.git.repo")]
    [InlineData("--upload-pack=touch /tmp/pwned", "spec.git.repo")]
    [InlineData("-oProxyCommand=x", "spec.git.repo")]
    public async Task Register_RefusedAddress_Is422Invalid(string address, string field)
    {
        var status = await RegisterAsync("refused", new JsonObject { ["repo"] = address }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.StartsWith($"Repository.config.porch.kpt.dev \"refused\" is invalid: {field}: Invalid value: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(field, status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        await Send(HttpMethod.Get, Repositories + "/refused", null, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("--orphan", "spec.git.branch")]
    [InlineData("a..b", "spec.git.branch")]
    public async Task Register_RefusedBranch_Is422Invalid(string branch, string field)
    {
        var status = await RegisterAsync("refused-branch", new JsonObject { ["repo"] = server.Remote, ["branch"] = branch }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(field, status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Register_DirectoryLeavingTheRepository_Is422Invalid()
    {
        var status = await RegisterAsync("refused-dir", new JsonObject { ["repo"] = server.Remote, ["directory"] = "../.." }, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("Repository.config.porch.kpt.dev \"refused-dir\" is invalid: spec.git.directory: Invalid value: \"../..\": ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_CredentialsInAddress_Is422WithoutThePassword()
    {
        var status = await RegisterAsync("refused-creds", new JsonObject { ["repo"] = "https://alice:s3cr3t-pw@git.example.com/r.git" }, HttpStatusCode.UnprocessableEntity);
        var text = status.ToJsonString();
        Assert.DoesNotContain("s3cr3t-pw", text, StringComparison.Ordinal);
        Assert.Contains("spec.git.repo: Invalid value: \"https://git.example.com/r.git\"", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ValueThatReadsLikeAnotherError_CausesComeFromTheErrorsNotTheText()
    {
        var body = Create("a, b: c").Replace("\"metadata\":{", "\"metadata\":{\"labels\":{\"kpt.dev/latest-revision\":\"true\"},", StringComparison.Ordinal);

        var status = await Send(HttpMethod.Post, Revisions, Json(body), HttpStatusCode.UnprocessableEntity);

        Assert.StartsWith(
            "PackageRevision.porch.kpt.dev \"blueprints.a, b: c.v1\" is invalid: [metadata.labels: Forbidden: label is managed by porch and cannot be set by users, spec.packageName: Invalid value: \"a, b: c\": ",
            status["message"]!.GetValue<string>(),
            StringComparison.Ordinal);
        var causes = status["details"]!["causes"]!.AsArray();
        Assert.Equal(2, causes.Count);
        Assert.Equal(("FieldValueForbidden", "metadata.labels", "Forbidden: label is managed by porch and cannot be set by users"), (causes[0]!["reason"]!.GetValue<string>(), causes[0]!["field"]!.GetValue<string>(), causes[0]!["message"]!.GetValue<string>()));
        Assert.Equal(("FieldValueInvalid", "spec.packageName"), (causes[1]!["reason"]!.GetValue<string>(), causes[1]!["field"]!.GetValue<string>()));
        Assert.StartsWith("Invalid value: \"a, b: c\": ", causes[1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("blueprints.a, b: c.v1", "porch.kpt.dev", "PackageRevision"), (status["details"]!["name"]!.GetValue<string>(), status["details"]!["group"]!.GetValue<string>(), status["details"]!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Register_WithoutAddress_CauseIsRequiredValue()
    {
        var status = await RegisterAsync("no-address", new JsonObject { ["branch"] = "main" }, HttpStatusCode.UnprocessableEntity);

        AssertStatus(status, 422, "Invalid", "Repository.config.porch.kpt.dev \"no-address\" is invalid: spec.git.repo: Required value");
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("FieldValueRequired", "Required value", "spec.git.repo"), (cause["reason"]!.GetValue<string>(), cause["message"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));
        Assert.Equal(("Repository", "config.porch.kpt.dev"), (status["details"]!["kind"]!.GetValue<string>(), status["details"]!["group"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Approve_Draft_Is422WithTheLifecycleCause()
    {
        var name = await DraftAsync("approve-draft");

        var status = await Send(HttpMethod.Patch, $"{Revisions}/{name}/approval", Json("""{"spec":{"lifecycle":"Published"}}""", "application/merge-patch+json"), HttpStatusCode.UnprocessableEntity);

        AssertStatus(status, 422, "Invalid", $"PackageRevision.porch.kpt.dev \"{name}\" is invalid: spec.lifecycle: Invalid value: \"Published\": cannot approve package with Draft lifecycle value; only Proposed packages can be approved");
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("FieldValueInvalid", "spec.lifecycle"), (cause["reason"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));
        Assert.Equal("Invalid value: \"Published\": cannot approve package with Draft lifecycle value; only Proposed packages can be approved", cause["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_EngineRuleBroken_Is500InternalError()
    {
        await DraftAsync("engine-rule");

        var status = await Send(HttpMethod.Post, Revisions, Json(Create("engine-rule", "v2")), HttpStatusCode.InternalServerError);

        AssertStatus(status, 500, "InternalError", "Internal error occurred: package \"engine-rule\" already exists in repository \"blueprints\"");
    }

    private Task<JsonNode> RegisterAsync(string name, JsonObject git, HttpStatusCode expected)
    {
        var repository = new JsonObject
        {
            ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
            ["kind"] = "Repository",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["type"] = "git", ["git"] = git },
        };
        return Send(HttpMethod.Post, Repositories, Json(repository.ToJsonString()), expected);
    }
}
