using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Diagnostics;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>
/// <see cref="IRepository"/> over one Git remote in Porch's layout. Reads come from the shared local mirror as of the
/// last open, refresh or write (listing never fetches); <see cref="VersionAsync"/> asks the remote for its refs, so a
/// caller sees remote changes by comparing versions and calling <see cref="RefreshAsync"/>.
/// </summary>
internal sealed partial class GitPackageRepository : IRepository
{
    private static readonly GitSignature PorchIdentity = new("Package Orchestration Service", "porch@kpt.dev", DateTimeOffset.UnixEpoch);

    private readonly GitRepositoryAdapter _adapter;
    private readonly GitRepository _spec;
    private readonly PackageDiscovery _discovery;
    private readonly SemaphoreSlim _listLock = new(1, 1);
    private readonly ResiliencePipeline _fetchRetry;
    private readonly ResiliencePipeline _pushRetry;
    private volatile Listing? _listing;
    private readonly Lock _refreshLock = new();
    private int _disposed;
    private Task? _waitingRefresh;
    private int _refreshFetches;

    private readonly Func<CancellationToken, Task<GitAuth>>? _resolveAuth;

    private GitPackageRepository(GitRepositoryAdapter adapter, GitMirror mirror, RepositoryKey key, GitRepository spec, GitAuth auth, Func<CancellationToken, Task<GitAuth>>? resolveAuth)
    {
        _resolveAuth = resolveAuth;
        _adapter = adapter;
        Mirror = mirror;
        Key = key;
        _spec = spec;
        Auth = auth;
        Branch = key.PlaceholderWorkspaceName;
        DisplayName = key.Namespace + "/" + key.Name;
        _discovery = new PackageDiscovery(this);
        _fetchRetry = GitRetry.Fetch(adapter.Options, adapter.Time, OnFetchRetry);
        _pushRetry = GitRetry.Push(adapter.Options, adapter.Time, OnPushRetry);
    }

    public RepositoryKey Key { get; }

    public string Branch { get; }

    /// <summary>Gets the repository's name for logs and messages (<c>namespace/name</c>; never the address).</summary>
    public string DisplayName { get; }

    public string RemoteUrl => GitAddressRules.Redact(Mirror.RemoteUrl);

    public GitMirror Mirror { get; }

    public ObjectStore Objects => Mirror.Objects;

    public ILogger Logger => _adapter.Logger;

    /// <summary>Gets the credentials in use: resolved at open, and again once after a remote refused them.</summary>
    internal GitAuth Auth { get; private set; }

    private string BranchRef => GitRefNames.Branch(Branch);

    private GitRepositoryOptions Options => _adapter.Options;

    public static async Task<GitPackageRepository> OpenAsync(GitRepositoryAdapter adapter, GitMirror mirror, RepositoryKey key, GitRepository spec, GitAuth auth, Func<CancellationToken, Task<GitAuth>>? resolveAuth, CancellationToken cancellationToken)
    {
        var repository = new GitPackageRepository(adapter, mirror, key, spec, auth, resolveAuth);
        await mirror.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!mirror.Initialized)
            {
                await repository.CreateMirrorLockedAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await repository.FetchLockedAsync(cancellationToken).ConfigureAwait(false);
            }

            var snapshot = mirror.Snapshot;
            if (snapshot.Find(repository.BranchRef) is null)
            {
                if (spec.CreateBranch)
                {
                    await repository.CreateBranchLockedAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (snapshot.Refs.Any())
                {
                    // An empty remote (no refs at all) opens: its first draft or approval creates the branch.
                    throw new RepositoryUnavailableException($"branch \"{repository.Branch}\" doesn't exist: reference not found");
                }
            }
        }
        finally
        {
            mirror.WriteLock.Release();
        }

        return repository;
    }

    public async Task<IReadOnlyList<IPackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var all = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<IPackageRevision>(filter.IsKeyOnly && filter.Name is null && filter.PackageName is null ? all.Count : 8);
        foreach (var revision in all)
        {
            if (filter.MatchesKey(revision.Key) && filter.MatchesLifecycle(revision.Lifecycle) &&
                (filter.Name is null || filter.Name == revision.Key.ObjectName))
            {
                result.Add(revision);
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<IPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var all = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        return all
            .GroupBy(static r => r.Key.Package)
            .Where(g => filter.Matches(g.Key))
            .Select(static g => (IPackage)new DiscoveredPackage(
                g.Key,
                g.Where(static r => r.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed && r.Key.Revision > 0)
                 .Select(static r => r.Key.Revision)
                 .DefaultIfEmpty(0)
                 .Max()))
            .ToArray();
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        string refs;
        try
        {
            try
            {
                refs = await Mirror.Backend.ListRemoteRefsAsync(Auth, cancellationToken).ConfigureAwait(false);
            }
            catch (GitCommandException ex) when (ex.IsAuthenticationFailure && _resolveAuth is not null)
            {
                await ReresolveAuthAsync(cancellationToken).ConfigureAwait(false);
                refs = await Mirror.Backend.ListRemoteRefsAsync(Auth, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (GitCommandException ex)
        {
            throw Unavailable("cannot list the references of repository " + DisplayName, ex);
        }

        var lines = refs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(lines, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    public Task<string> BranchCommitHashAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromResult(Mirror.Snapshot.Find(BranchRef) ?? "");
    }

    /// <summary>
    /// Fetches the repository. Callers that arrive while a refresh waits for the mirror's write lock share it: it fetches
    /// after every one of them came, so each sees what the remote had when it asked (a replica that took over another's
    /// clients fetches once for all of them, not once each behind the others). A caller's cancellation ends its wait,
    /// not the fetch others share.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Task refresh;
        lock (_refreshLock)
        {
            _waitingRefresh ??= RunRefreshAsync();
            refresh = _waitingRefresh;
        }

        return refresh.WaitAsync(cancellationToken);
    }

    /// <summary>Gets how many shared refreshes fetched (tests).</summary>
    internal int RefreshFetches => Volatile.Read(ref _refreshFetches);

    private async Task RunRefreshAsync()
    {
        await Task.Yield(); // leave the caller's lock before this refresh can stop taking joiners
        await Mirror.WriteLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            lock (_refreshLock)
            {
                _waitingRefresh = null; // from now on a caller needs a fetch that starts after it came
            }

            ThrowIfDisposed();
            Interlocked.Increment(ref _refreshFetches);
            await FetchLockedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Mirror.WriteLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _adapter.ReleaseAsync(Mirror).ConfigureAwait(false);
        }
    }

    /// <summary>The author (requesting user, else the Repository's author/email, else Porch) and committer (always Porch) of a new commit.</summary>
    internal (GitSignature Author, GitSignature Committer) Signatures()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(_adapter.Time.GetUtcNow().ToUnixTimeSeconds());
        var committer = PorchIdentity with { When = now };
        if (_adapter.UserInfo?.GetUserInfo() is { } user && !string.IsNullOrEmpty(user.Name))
        {
            return (new GitSignature(user.Name, user.Email ?? user.Name, now), committer);
        }

        if (!string.IsNullOrEmpty(_spec.Author) || !string.IsNullOrEmpty(_spec.Email))
        {
            var name = string.IsNullOrEmpty(_spec.Author) ? _spec.Email! : _spec.Author; // one of them is set
            var email = string.IsNullOrEmpty(_spec.Email) ? _spec.Author! : _spec.Email;
            return (new GitSignature(name, email, now), committer);
        }

        return (committer, committer);
    }

    private async Task<IReadOnlyList<GitPackageRevision>> GetAllAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var snapshot = Mirror.Snapshot;
        if (_listing is { } cached && cached.Generation == snapshot.Generation)
        {
            return cached.Revisions;
        }

        await _listLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            snapshot = Mirror.Snapshot;
            if (_listing is { } again && again.Generation == snapshot.Generation)
            {
                return again.Revisions;
            }

            IReadOnlyList<GitPackageRevision> revisions;
            try
            {
                revisions = await _discovery.DiscoverAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }
            catch (GitCommandException ex)
            {
                throw Unavailable("cannot read repository " + DisplayName, ex);
            }

            _listing = new Listing(snapshot.Generation, revisions);
            return revisions;
        }
        finally
        {
            _listLock.Release();
        }
    }

    private Task FetchLockedAsync(CancellationToken cancellationToken) =>
        _adapter.Metrics.MeasureAsync("fetch", DisplayName, async () =>
        {
            await FetchAttemptsLockedAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });

    private async Task FetchAttemptsLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await FetchOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (GitCommandException ex) when (ex.IsAuthenticationFailure && _resolveAuth is not null)
            {
                await ReresolveAuthAsync(cancellationToken).ConfigureAwait(false);
                await FetchOnceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (GitCommandException ex)
        {
            throw FetchFailed(ex);
        }
    }

    private async Task FetchOnceAsync(CancellationToken cancellationToken) =>
            await _fetchRetry.ExecuteAsync(
                async (repository, ct) =>
                {
                    await repository.Mirror.Backend.FetchAsync(repository.Auth, ct).ConfigureAwait(false);
                    await repository.Mirror.ReloadRefsAsync(ct).ConfigureAwait(false);
                },
                this,
                cancellationToken).ConfigureAwait(false);

    private async Task CreateMirrorLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await CreateMirrorOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (GitCommandException ex) when (ex.IsAuthenticationFailure && _resolveAuth is not null)
            {
                await ReresolveAuthAsync(cancellationToken).ConfigureAwait(false);
                await CreateMirrorOnceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (GitCommandException ex)
        {
            throw FetchFailed(ex);
        }

        Mirror.Initialized = true;
        Logger.MirrorCreated(DisplayName, Mirror.Backend.GitDirectory);
    }

    /// <summary>
    /// Resolves the repository's credentials again after a remote refused them (Porch resolves a secret again when an
    /// operation fails with an authentication error, once). False when there is no secret to resolve.
    /// </summary>
    internal async Task<bool> ReresolveAuthAsync(CancellationToken cancellationToken)
    {
        if (_resolveAuth is null)
        {
            return false;
        }

        Auth = await _resolveAuth(cancellationToken).ConfigureAwait(false);
        Logger.CredentialsResolvedAgain(DisplayName);
        return true;
    }

    private async Task CreateMirrorOnceAsync(CancellationToken cancellationToken) =>
            await _fetchRetry.ExecuteAsync(
                async (repository, ct) =>
                {
                    var mirror = repository.Mirror;
                    var cloned = await mirror.Backend.EnsureMirrorAsync(mirror.RemoteUrl, repository.Auth, ct).ConfigureAwait(false);
                    if (!cloned)
                    {
                        await mirror.Backend.FetchAsync(repository.Auth, ct).ConfigureAwait(false);
                    }

                    await mirror.ReloadRefsAsync(ct).ConfigureAwait(false);
                },
                this,
                cancellationToken).ConfigureAwait(false);

    private RepositoryUnavailableException FetchFailed(GitCommandException ex)
    {
        var cause = ex.IsAuthenticationFailure ? ": authentication required" : "";
        return Unavailable($"cannot fetch repository {RemoteUrl}{cause}", ex);
    }

    /// <summary>Polly's retry event of a fetch: logged and counted.</summary>
    private ValueTask OnFetchRetry(OnRetryArguments<object> args)
    {
        Logger.FetchRetried(DisplayName, args.AttemptNumber + 1, GitRetry.Attempts(Options), args.Outcome.Exception);
        _adapter.Metrics.Retries.Add(1, new KeyValuePair<string, object?>("porch.git.operation", "fetch"));
        return ValueTask.CompletedTask;
    }

    private async Task CreateBranchLockedAsync(CancellationToken cancellationToken)
    {
        using var quarantine = Mirror.Backend.CreateQuarantine();
        var builder = new CommitBuilder(Objects, quarantine);
        var tree = await builder.WritePackageTreeAsync(new Dictionary<string, string>(StringComparer.Ordinal) { ["README.md"] = "Created by porch" }, cancellationToken).ConfigureAwait(false);
        var (_, porch) = Signatures();
        var commit = await builder.WriteCommitAsync(tree, [], porch, porch, CommitMessages.InitialCommit(Branch), cancellationToken).ConfigureAwait(false);
        await PushLockedAsync(_ => Task.FromResult<IReadOnlyList<RefUpdate>>([RefUpdate.Create(BranchRef, commit)]), quarantine, rebuildOnBranchMove: false, cancellationToken).ConfigureAwait(false);
        Logger.BranchCreated(DisplayName, Branch);
    }

    private static RepositoryUnavailableException Unavailable(string message, GitCommandException ex) =>
        new(message + ": " + ex.Stderr.Trim(), ex);

    /// <summary>The discovered revisions of one ref snapshot generation (a reference, so it is read and replaced atomically).</summary>
    private sealed record Listing(long Generation, IReadOnlyList<GitPackageRevision> Revisions);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
