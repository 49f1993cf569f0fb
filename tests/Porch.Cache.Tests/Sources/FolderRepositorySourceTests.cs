using Porch.Cache.Sources;

namespace Porch.Cache.Tests.Sources;

public sealed class FolderRepositorySourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("porch-cache-repos-").FullName;

    private static string Yaml(string name, string branch = "main") => $"""
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: {name}
          namespace: porch-demo
        spec:
          type: git
          deployment: true
          sync:
            schedule: "*/10 * * * *"
          git:
            repo: https://example.com/{name}.git
            branch: {branch}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ignored
        """;

    [Fact]
    public async Task WatchAsync_FilesAddedChangedRemoved_AddedSyncedModifiedDeleted()
    {
        File.WriteAllText(Path.Combine(_folder, "blueprints.yaml"), Yaml("blueprints"));
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a repository");
        var source = new FolderRepositorySource(_folder);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = source.WatchAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        async Task<RepositorySourceEvent> Next()
        {
            Assert.True(await events.MoveNextAsync());
            return events.Current;
        }

        var added = await Next();
        Assert.Equal(RepositorySourceEventType.Added, added.Type);
        Assert.Equal(("porch-demo", "blueprints", true, "*/10 * * * *", "main"),
            (added.Repository!.Metadata.Namespace, added.Repository.Metadata.Name, added.Repository.Spec.Deployment, added.Repository.Spec.Sync!.Schedule, added.Repository.Spec.Git!.Branch));
        Assert.Equal(RepositorySourceEventType.Synced, (await Next()).Type);

        File.WriteAllText(Path.Combine(_folder, "deployments.json"),
            """{"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"Repository","metadata":{"name":"deployments"},"spec":{"type":"git","git":{"repo":"https://example.com/d.git"}}}""");
        var second = await Next();
        Assert.Equal((RepositorySourceEventType.Added, "default", "deployments"), (second.Type, second.Repository!.Metadata.Namespace, second.Repository.Metadata.Name));

        File.WriteAllText(Path.Combine(_folder, "blueprints.yaml"), Yaml("blueprints", branch: "release"));
        var modified = await Next();
        Assert.Equal((RepositorySourceEventType.Modified, "release"), (modified.Type, modified.Repository!.Spec.Git!.Branch));

        // A broken edit keeps what the file last held.
        File.WriteAllText(Path.Combine(_folder, "blueprints.yaml"), "kind: Repository\nmetadata: [");
        File.Delete(Path.Combine(_folder, "deployments.json"));
        var deleted = await Next();
        Assert.Equal((RepositorySourceEventType.Deleted, "deployments"), (deleted.Type, deleted.Repository!.Metadata.Name));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
