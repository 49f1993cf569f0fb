using LibGit2Sharp;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Concurrency;

/// <summary>
/// libgit2 lists a repository's refs by name and then reads each one, so a ref deleted in between (another process
/// pushing to a remote on a local path, which the local transport reads directly; a fetch pruning the mirror) fails
/// the whole read with "reference '...' not found". The backend reads such a listing again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VanishedRefTests : IAsyncLifetime
{
    private readonly string _remote = TestGit.InitBare();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestGit.TryDelete(_remote);
        return Task.CompletedTask;
    }

    [Fact]
    public void ReadRefsRetrying_RefVanishesDuringTwoReads_ReturnsTheThirdRead()
    {
        var reads = 0;
        var result = LibGit2Backend.ReadRefsRetrying(() =>
        {
            if (++reads < 3)
            {
                throw new NotFoundException("reference 'refs/heads/drafts/app/ws1' not found");
            }

            return "listing";
        });

        Assert.Equal(("listing", 3), (result, reads));
    }

    [Fact]
    public void ReadRefsRetrying_AnotherFailure_IsNotReadAgain()
    {
        var reads = 0;
        var thrown = Assert.Throws<NotFoundException>(() => LibGit2Backend.ReadRefsRetrying<string>(() =>
        {
            reads++;
            throw new NotFoundException("object not found - no match for id (0123)");
        }));

        Assert.Equal(1, reads);
        Assert.StartsWith("object not found", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRefsRetrying_RefKeepsVanishing_GivesUpWithLibgit2sError()
    {
        var reads = 0;
        var thrown = Assert.Throws<NotFoundException>(() => LibGit2Backend.ReadRefsRetrying<string>(() =>
        {
            reads++;
            throw new NotFoundException("reference 'refs/heads/churn' not found");
        }));

        Assert.Equal(LibGit2Backend.VanishedRefAttempts, reads);
        Assert.Equal("reference 'refs/heads/churn' not found", thrown.Message);
    }

    [BackendFact]
    public async Task ListAndRefresh_AnotherWriterCreatesAndDeletesRefsMeanwhile_NeverFail()
    {
        await using var context = new GitTestContext();
        var repository = await context.OpenAsync(_remote, createBranch: true);
        await GitTestContext.CreateDraftAsync(repository, "app", "ws1");
        using var stop = new CancellationTokenSource();
        var churned = 0;
        var churn = Task.Run(() =>
        {
            // Another writer of the remote: branches appear and vanish for as long as the reads go on.
            using var writer = new LibGit2Sharp.Repository(_remote);
            var target = writer.Refs["refs/heads/main"]!.TargetIdentifier;
            while (!stop.IsCancellationRequested)
            {
                var name = "refs/heads/churn/" + (churned % 16).ToString(System.Globalization.CultureInfo.InvariantCulture);
                writer.Refs.Add(name, target, allowOverwrite: true);
                writer.Refs.Remove(name);
                churned++;
            }
        });

        try
        {
            for (var i = 0; i < 60; i++)
            {
                await repository.VersionAsync();
                if (i % 4 == 0)
                {
                    await repository.RefreshAsync();
                    Assert.Equal(["app ws1 0 Draft"], GitTestContext.Describe(await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await churn;
        }

        Assert.True(churned > 0, "the other writer never ran");
    }
}
