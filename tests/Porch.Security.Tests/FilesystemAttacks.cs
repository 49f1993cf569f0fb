using System.Net;
using System.Text.Json.Nodes;

namespace Porch.Security.Tests;

/// <summary>
/// Items 3, 4 and 5: addresses that named the cache folder itself (and so wiped it), mirror folder names that
/// collided (and so pushed one repository's draft into another's remote), and resource paths that made Git trees
/// with duplicate entries or <c>.git</c> folders.
/// </summary>
[Collection(AttackServerCollection.Name)]
public sealed class FilesystemAttacks(AttackServerFixture fixture)
{
    private SampleServer Server => fixture.Server;

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("../..")]
    [InlineData("cache")]
    public async Task RepositoryAddress_RelativePath_IsRefusedAndTheCacheSurvives(string address)
    {
        using var client = Server.Client();
        var sentinel = Path.Combine(Server.CacheDir, "sentinel-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(sentinel, "still here");
        var before = Directory.GetFileSystemEntries(Server.CacheDir).Order(StringComparer.Ordinal).ToArray();

        var (status, body) = await PorchApi.PostAsync(client, PorchApi.Repositories("default"), PorchApi.Repository("wipe-" + Guid.NewGuid().ToString("N")[..6], address));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("spec.git.repo", body, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
        Assert.True(File.Exists(sentinel));
        Assert.Subset(Directory.GetFileSystemEntries(Server.CacheDir).ToHashSet(StringComparer.Ordinal), before.ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../..")]
    [InlineData("a/../../b")]
    [InlineData("a/.git")]
    public async Task RepositoryDirectory_Escaping_IsRefusedAtRegistration(string directory)
    {
        using var client = Server.Client();
        var remote = PorchApi.BareRepository(Server.WorkDir, "dir-" + Guid.NewGuid().ToString("N") + ".git");

        var (status, body) = await PorchApi.PostAsync(client, PorchApi.Repositories("default"), PorchApi.Repository("dir-" + Guid.NewGuid().ToString("N")[..6], remote, directory));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("spec.git.directory", body, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
    }

    [Fact]
    public async Task MirrorNames_CollidingAddresses_KeepEachDraftInItsOwnRemote()
    {
        using var client = Server.Client();
        var root = Path.Combine(Server.WorkDir, "collide-" + Guid.NewGuid().ToString("N")[..6]);
        var dashed = PorchApi.BareRepository(root, "col-x.git");
        var nested = PorchApi.BareRepository(root, Path.Combine("col", "x.git"));
        // Porch's RepositoryConflict check normalises both addresses to the same text (its normalizeURL), so two
        // registrations of them must differ in directory: neither at the root, neither inside the other.
        await PorchApi.RegisterReadyAsync(client, "col-dashed", dashed, "d");
        await PorchApi.RegisterReadyAsync(client, "col-nested", nested, "n");

        var first = await PorchApi.CreateDraftAsync(client, "col-dashed", "in-dashed");
        var second = await PorchApi.CreateDraftAsync(client, "col-nested", "in-nested");
        foreach (var name in new[] { first, second })
        {
            var (status, body) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name,
                """{"spec":{"lifecycle":"Proposed"}}""", "application/merge-patch+json");
            Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        }

        var dashedRefs = PorchApi.Refs(dashed);
        var nestedRefs = PorchApi.Refs(nested);
        Assert.Contains("in-dashed", dashedRefs, StringComparison.Ordinal);
        Assert.DoesNotContain("in-nested", dashedRefs, StringComparison.Ordinal);
        Assert.Contains("in-nested", nestedRefs, StringComparison.Ordinal);
        Assert.DoesNotContain("in-dashed", nestedRefs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Kptfile/x.yaml")]
    [InlineData("sub/file.yaml/inner.yaml")]
    [InlineData(".git/config")]
    [InlineData("sub/.git/hooks/post-checkout")]
    [InlineData("sub/.GIT/config")]
    [InlineData("../escape.yaml")]
    [InlineData("/etc/passwd")]
    public async Task ResourcesUpdate_FileFolderConflictOrGitSegment_IsRefusedAndTheRevisionStaysUsable(string path)
    {
        using var client = Server.Client();
        var (status, _) = await PorchApi.SendAsync(client, HttpMethod.Get, PorchApi.Repositories("default") + "/paths");
        if (status == HttpStatusCode.NotFound)
        {
            await PorchApi.RegisterReadyAsync(client, "paths", PorchApi.BareRepository(Server.WorkDir, "paths.git"));
        }

        var name = await PorchApi.CreateDraftAsync(client, "paths", "zombie", Guid.NewGuid().ToString("N")[..8]);
        var (update, body) = await PorchApi.EditResourcesAsync(client, name, r =>
        {
            r["sub/file.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\n";
            r[path] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
        });

        Assert.True((int)update is >= 400 and < 500, $"{(int)update}: {body}");
        var (propose, proposeBody) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name,
            """{"spec":{"lifecycle":"Proposed"}}""", "application/merge-patch+json");
        Assert.True(propose == HttpStatusCode.OK, $"{(int)propose}: {proposeBody}");
        var (delete, deleteBody) = await PorchApi.SendAsync(client, HttpMethod.Delete, PorchApi.Revisions("default") + "/" + name);
        Assert.True(delete == HttpStatusCode.OK, $"{(int)delete}: {deleteBody}");
        await Server.AssertAliveAsync();
    }
}
