using System.Net;

namespace Porch.Security.Tests;

/// <summary>
/// Item 8: a password in an address ended up on git's command lines, in the mirror's config, in the SQLite WAL and in
/// viewers' lists. Addresses with credentials are refused, and the password appears nowhere.
/// </summary>
[Collection(AttackServerCollection.Name)]
public sealed class CredentialAttacks(AttackServerFixture fixture)
{
    private const string Password = "hunter2-Sup3rS3cret";

    private SampleServer Server => fixture.Server;

    [Theory]
    [InlineData("https://alice:" + Password + "@127.0.0.1:9/private.git")]
    [InlineData("http://" + Password + "@127.0.0.1:9/private.git")]
    [InlineData("ssh://git:" + Password + "@127.0.0.1:9/private.git")]
    public async Task RepositoryAddress_EmbeddedCredentials_AreRefusedAndNeverShown(string address)
    {
        using var editor = Server.Client();
        using var viewer = Server.Client(SampleServer.ViewerToken);

        var (status, body) = await PorchApi.PostAsync(editor, PorchApi.Repositories("default"), PorchApi.Repository("private-" + Guid.NewGuid().ToString("N")[..6], address));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("secretRef", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        var (_, list) = await PorchApi.SendAsync(viewer, HttpMethod.Get, PorchApi.Repositories("default"));
        Assert.DoesNotContain(Password, list, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, Server.Output, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Server.CacheDir, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Password, await ReadSharedAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Viewer_CannotWrite()
    {
        using var viewer = Server.Client(SampleServer.ViewerToken);

        var (status, _) = await PorchApi.PostAsync(viewer, PorchApi.Repositories("default"), PorchApi.Repository("viewer-attack", "/tmp/nothing.git"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task NoToken_IsUnauthorized()
    {
        using var anonymous = Server.Client(token: null);

        var (status, _) = await PorchApi.SendAsync(anonymous, HttpMethod.Get, PorchApi.Repositories("default"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            return await reader.ReadToEndAsync();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }
}
