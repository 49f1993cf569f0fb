using Porch.Engine.Repositories;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Lifecycle;

/// <summary>Package folders with long and non-ASCII names are found under tags and branches (a path segment is compared byte for byte).</summary>
[Trait("Category", "Integration")]
public sealed class LongPathTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();
    private readonly GitTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        TestGit.TryDelete(_remote);
    }

    [BackendFact]
    public async Task Discovery_PackageFolderOf200BytesWithNonAscii_ListsUnderItsTagAndBranch()
    {
        var repository = await _context.OpenAsync(_remote, createBranch: true);
        var longName = "team-" + new string('x', 150) + "-é-" + new string('y', 40); // 200 bytes in UTF-8
        var published = await GitTestContext.MoveAsync(repository, await GitTestContext.MoveAsync(repository, await GitTestContext.CreateDraftAsync(repository, "apps/" + longName, "ws1"), Engine.Api.PackageRevisionLifecycle.Proposed), Engine.Api.PackageRevisionLifecycle.Published, 1);
        await GitTestContext.CreateDraftAsync(repository, "apps/" + longName, "ws2");

        await using var other = new GitTestContext();
        var listed = GitTestContext.Describe(await (await other.OpenAsync(_remote)).ListPackageRevisionsAsync(PackageRevisionFilter.All));

        Assert.Equal(
            [$"apps/{longName} main -1 Published", $"apps/{longName} ws1 1 Published", $"apps/{longName} ws2 0 Draft"],
            listed);
        Assert.Equal(Engine.Api.PackageRevisionLifecycle.Published, published.Lifecycle);
    }
}
