using System.Net;
using System.Text;

namespace Porch.Security.Tests;

/// <summary>Item 9: small API cases that answered 500, 400 or 200 where Kubernetes answers otherwise.</summary>
[Collection(AttackServerCollection.Name)]
public sealed class ApiAttacks(AttackServerFixture fixture)
{
    private SampleServer Server => fixture.Server;

    [Theory]
    [InlineData("""[{"op":"remove","path":""}]""")]
    [InlineData("""[{"op":5,"path":"/spec"}]""")]
    [InlineData("""[{"op":"test","path":"/spec/tasks/+0/type","value":"init"}]""")]
    [InlineData("""[{"op":"test","path":"/spec/tasks/00/type","value":"init"}]""")]
    [InlineData("""[{"op":"bogus","path":"/spec"}]""")]
    [InlineData("""{"not":"an array"}""")]
    public async Task JsonPatch_Malformed_AnswersAClientError(string patch)
    {
        using var client = Server.Client();
        var name = await DraftAsync(client);

        var (status, body) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name, patch, "application/json-patch+json");

        Assert.True((int)status is >= 400 and < 500, $"{(int)status}: {body}");
        Assert.Contains("\"kind\":\"Status\"", body, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
    }

    [Fact]
    public async Task Body_OverTheLimit_Answers413()
    {
        using var client = Server.Client();
        var body = "{\"metadata\":{\"annotations\":{\"a\":\"" + new string('x', 8 << 20) + "\"}}}";

        var (status, text) = await PorchApi.SendAsync(client, HttpMethod.Post, PorchApi.Revisions("default"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("\"kind\":\"Status\"", text, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
    }

    [Fact]
    public async Task Patch_WithoutContentType_Answers415()
    {
        using var client = Server.Client();
        var name = await DraftAsync(client);

        var (status, body) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name, """{"metadata":{}}""", null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("\"kind\":\"Status\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateJsonKeys_WithStrictFieldValidation_Answer400()
    {
        using var client = Server.Client();
        var name = await DraftAsync(client);

        var (status, body) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name + "?fieldValidation=Strict",
            """{"metadata":{"labels":{"a":"1","a":"2"}}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("duplicate field", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("packageName", "other")]
    [InlineData("repository", "other")]
    [InlineData("workspaceName", "other")]
    public async Task ImmutableSpecField_Changed_Answers422(string field, string value)
    {
        using var client = Server.Client();
        var name = await DraftAsync(client);

        var (status, body) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name,
            "{\"spec\":{\"" + field + "\":\"" + value + "\"}}", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("spec." + field, body, StringComparison.Ordinal);
        Assert.Contains("immutable", body, StringComparison.Ordinal);
    }

    private async Task<string> DraftAsync(HttpClient client)
    {
        var (status, _) = await PorchApi.SendAsync(client, HttpMethod.Get, PorchApi.Repositories("default") + "/api");
        if (status == HttpStatusCode.NotFound)
        {
            await PorchApi.RegisterReadyAsync(client, "api", PorchApi.BareRepository(Server.WorkDir, "api.git"));
        }

        return await PorchApi.CreateDraftAsync(client, "api", "p-" + Guid.NewGuid().ToString("N")[..8]);
    }
}
