using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Diagnostics;

namespace Porch.Repository.Git;

/// <summary>
/// Opens repositories of type <c>git</c>. Keeps one bare mirror per (address, branch) under
/// <c>&lt;CacheDirectory&gt;/git/</c>, shared by every repository opened on that address and branch and deleted when the
/// last closes. The spec's address, branch and directory are checked by <see cref="GitAddressRules"/> before anything runs.
/// </summary>
internal sealed class GitRepositoryAdapter : IRepositoryAdapter
{
    private readonly Dictionary<string, GitMirror> _mirrors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _mirrorsLock = new(1, 1);
    private readonly ICredentialResolver? _credentials;
    private readonly GitProcessRunner _runner;

    public GitRepositoryAdapter(
        IOptions<GitRepositoryOptions> options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        IEnumerable<ICredentialResolver>? credentialResolvers = null,
        IEnumerable<IUserInfoProvider>? userInfoProviders = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null,
        IEnumerable<IRepositoryBranchLock>? branchLocks = null)
    {
        Metrics = new GitMetrics(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        Logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<GitRepositoryAdapter>();
        Time = time ?? TimeProvider.System;
        _credentials = credentialResolvers?.LastOrDefault();
        UserInfo = userInfoProviders?.LastOrDefault();
        BranchLock = branchLocks?.LastOrDefault();
        _runner = new GitProcessRunner(Options, Logger);
        Cache = new CacheFolder(Options.CacheDirectory);
    }

    public RepositoryType Type => RepositoryType.Git;

    internal GitRepositoryOptions Options { get; }

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    /// <summary>Gets the adapter's git instruments.</summary>
    internal GitMetrics Metrics { get; }

    internal IUserInfoProvider? UserInfo { get; }

    /// <summary>Gets the lock replicas take before moving a registered branch (none without a shared database).</summary>
    internal IRepositoryBranchLock? BranchLock { get; }

    /// <summary>Gets the cache folder every mirror, quarantine and delete is confined to.</summary>
    internal CacheFolder Cache { get; }

    public async Task<IRepository> OpenRepositoryAsync(Engine.Api.Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var spec = repository.Spec.Git;
        if (spec is null || string.IsNullOrWhiteSpace(spec.Repo))
        {
            throw new PackageValidationException("git property is required for a repository of type git");
        }

        if (GitAddressRules.Validate(spec) is { Count: > 0 } invalid)
        {
            // Addresses are shown without credentials; nothing has been created or run.
            throw new PackageValidationException(string.Join("; ", invalid));
        }

        var ns = repository.Metadata.Namespace ?? "";
        var name = repository.Metadata.Name ?? "";
        var branch = string.IsNullOrEmpty(spec.Branch) ? "main" : spec.Branch;
        var key = new RepositoryKey(ns, name, (spec.Directory ?? "").Trim('/'), branch);
        var caBundle = Options.UseGitCaBundle ? await CaBundleSecret.ResolveAsync(_credentials, ns, Logger, cancellationToken).ConfigureAwait(false) : null;
        var auth = GitAuth.From(null, caBundle);
        Func<CancellationToken, Task<GitAuth>>? resolveAuth = null;
        if (!string.IsNullOrEmpty(spec.SecretRef?.Name))
        {
            if (_credentials is null)
            {
                throw new PackageValidationException($"cannot resolve credentials in a secret {ns}/{spec.SecretRef.Name}: no credential resolver is registered");
            }

            var resolver = _credentials;
            var secretRef = spec.SecretRef;
            resolveAuth = async ct => GitAuth.From(await resolver.ResolveCredentialsAsync(ns, secretRef, ct).ConfigureAwait(false), caBundle);
            auth = await resolveAuth(cancellationToken).ConfigureAwait(false);
        }

        var mirror = await AcquireAsync(spec.Repo, branch, cancellationToken).ConfigureAwait(false);
        try
        {
            return await GitPackageRepository.OpenAsync(this, mirror, key, spec, auth, resolveAuth, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(mirror).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Drops one user of a mirror and deletes the mirror when it was the last. Never throws: a mirror folder that cannot
    /// be removed (work still finishing during shutdown) is logged and left for the next open, which reuses or replaces it.
    /// </summary>
    internal async Task ReleaseAsync(GitMirror mirror)
    {
        await _mirrorsLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--mirror.Users > 0)
            {
                return;
            }

            _mirrors.Remove(mirror.Key);
            await mirror.WriteLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await mirror.Backend.DeleteMirrorAsync(CancellationToken.None).ConfigureAwait(false);
                Logger.MirrorRemoved(mirror.Backend.GitDirectory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or GitCommandException)
            {
                Logger.MirrorRemoveFailed(mirror.Backend.GitDirectory, ex);
            }
            finally
            {
                mirror.WriteLock.Release();
            }
        }
        finally
        {
            _mirrorsLock.Release();
        }
    }

    private async Task<GitMirror> AcquireAsync(string url, string branch, CancellationToken cancellationToken)
    {
        var key = GitUrl.MirrorKey(url, branch);
        await _mirrorsLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_mirrors.TryGetValue(key, out var mirror))
            {
                var directory = Path.Combine(Cache.Root, "git", GitUrl.MirrorFolderName(key));
                IGitBackend backend = Options.Backend == GitBackendKind.LibGit2Sharp
                    ? new LibGit2Backend(_runner, directory, Cache)
                    : new GitCliBackend(_runner, directory, Cache);
                mirror = new GitMirror(key, url, backend);
                _mirrors[key] = mirror;
            }

            mirror.Users++;
            return mirror;
        }
        finally
        {
            _mirrorsLock.Release();
        }
    }
}
