using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>
/// Issue 16, item 9 (shutdown): closing the last repository of a mirror while other work still writes into the mirror
/// folder ("Directory not empty") never throws; the mirror is removed or the failure logged.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ShutdownTests : IAsyncLifetime
{
    private const int MaxWrites = 4096;
    private readonly string _remote = TestGit.InitBare();
    private readonly GitTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        TestGit.TryDelete(_remote);
    }

    [BackendFact]
    public async Task Dispose_WhileWritesIntoTheMirrorContinue_DoesNotThrow()
    {
        var repository = await _context.Adapter.OpenRepositoryAsync(GitTestContext.Describe(_remote, createBranch: true));
        var mirror = Assert.Single(_context.MirrorDirectories());
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // As a draft's quarantine does: keep creating folders and files in the mirror until told to stop. The count
            // is bounded: an unbounded writer outruns a recursive delete on a slow disk and the test never ends.
            for (var i = 0; i < MaxWrites && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var folder = Path.Combine(mirror, "porch-quarantine", "busy", (i % 16).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(folder);
                    File.WriteAllText(Path.Combine(folder, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "x");
                    if (i == 64)
                    {
                        writing.TrySetResult();
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The folder is being deleted under us: keep going.
                }
            }
        });
        await writing.Task;

        var thrown = await Record.ExceptionAsync(async () => await repository.DisposeAsync());

        await stop.CancelAsync();
        await writer;
        Assert.Null(thrown);
        Assert.True(
            !File.Exists(Path.Combine(mirror, "HEAD")) || _context.Logs.Entries.Any(e => e.EventId.Id == 3025),
            "the mirror was neither removed nor its failure logged");
    }

    [BackendFact]
    public async Task Dispose_ThenReopen_MirrorRecreated()
    {
        var repository = await _context.Adapter.OpenRepositoryAsync(GitTestContext.Describe(_remote, createBranch: true));
        await repository.DisposeAsync();
        await repository.DisposeAsync();

        var again = await _context.OpenAsync(_remote);

        Assert.NotEmpty(await again.VersionAsync());
        Assert.Single(_context.MirrorDirectories());
    }
}
