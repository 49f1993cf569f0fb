using Porch.Engine.Errors;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>
/// Issue 16, item 7 (git part): <c>fd::3</c> is refused before git runs, and a remote that accepts a connection and never
/// answers fails within the configured per-operation timeout, with a clear error.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TransportTimeoutTests : IAsyncLifetime
{
    private readonly StalledListener _listener = new();
    private GitTestContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [BackendFact]
    public async Task Open_Fd3_RefusedWithoutRunningGit()
    {
        _context = new GitTestContext(retryAttempts: 3);

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => _context.OpenAsync("fd::3"));

        Assert.Equal("spec.git.repo: Invalid value: \"fd::3\": transport \"fd\" is not allowed (allowed: file, git, http, https, ssh)", ex.Message);
        Assert.DoesNotContain(_context.Logs.Entries, e => e.EventId.Id == 3030);
    }

    [BackendFact]
    public async Task Open_GitProtocolRemoteNeverAnswers_FailsAfterCommandTimeout()
    {
        _context = new GitTestContext(retryAttempts: 1, configure: o => o.CommandTimeout = TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<RepositoryUnavailableException>(() => _context.OpenAsync($"git://127.0.0.1:{_listener.Port}/r.git"));

        Assert.Equal($"cannot fetch repository git://127.0.0.1:{_listener.Port}/r.git: timed out after 2 s", ex.Message);
        Assert.True(_listener.FirstConnection.Task.IsCompleted);
    }

    [BackendFact]
    public async Task ListRemote_RemoteNeverAnswers_FailsAfterListRemoteTimeout()
    {
        _context = new GitTestContext(configure: o =>
        {
            o.CommandTimeout = TimeSpan.FromMinutes(5);
            o.ListRemoteTimeout = TimeSpan.FromSeconds(1);
        });
        var backend = NewBackend($"git://127.0.0.1:{_listener.Port}/r.git");

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => backend.ListRemoteRefsAsync(GitAuth.None, CancellationToken.None));

        Assert.Equal("git ls-remote failed (exit code -1): timed out after 1 s", ex.Message);
    }

    [BackendFact]
    public async Task ListRemote_HttpRemoteNeverAnswers_FailsAfterConnectTimeout()
    {
        _context = new GitTestContext(configure: o =>
        {
            o.CommandTimeout = TimeSpan.FromMinutes(5);
            o.ListRemoteTimeout = TimeSpan.FromMinutes(5);
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });
        var backend = NewBackend($"http://127.0.0.1:{_listener.Port}/r.git");

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => backend.ListRemoteRefsAsync(GitAuth.None, CancellationToken.None));

        Assert.Equal("ls-remote", ex.Command);
        Assert.Contains("Operation too slow", ex.Stderr, StringComparison.Ordinal);
    }

    [BackendFact]
    public void Options_Defaults_ListRemoteShorterThanCommand()
    {
        var options = new GitRepositoryOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.ListRemoteTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ConnectTimeout);
        Assert.True(options.ListRemoteTimeout < options.CommandTimeout);
    }

    [BackendTheory]
    [InlineData(0, 30)]
    [InlineData(30, 0)]
    [InlineData(30, 7200)]
    public void Options_OutOfRangeTimeouts_Invalid(int listRemoteSeconds, int connectSeconds)
    {
        var options = new GitRepositoryOptions
        {
            CacheDirectory = "/tmp/x",
            ListRemoteTimeout = TimeSpan.FromSeconds(listRemoteSeconds),
            ConnectTimeout = TimeSpan.FromSeconds(connectSeconds),
        };
        Assert.True(new GitRepositoryOptionsValidator().Validate(null, options).Failed);
    }

    private GitCliBackend NewBackend(string remote)
    {
        var directory = Path.Combine(_context!.CacheDirectory, "git", "stalled");
        Directory.CreateDirectory(directory);
        TestGit.Run(directory, "init", "--bare", "--quiet");
        TestGit.Run(directory, "config", "remote.origin.url", remote);
        return new GitCliBackend(new GitProcessRunner(_context.Options), directory, _context.Adapter.Cache);
    }
}
