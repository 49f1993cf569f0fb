using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>
/// One bare mirror of one remote and branch, shared (reference-counted) by every repository opened on them: the backend,
/// the object caches, the current reference snapshot and the lock around fetches, pushes and local ref updates.
/// </summary>
internal sealed class GitMirror(string key, string remoteUrl, IGitBackend backend)
{
    private long _generation;
    private volatile RefSnapshot _snapshot = RefSnapshot.Empty;

    /// <summary>Gets the mirror's key in the adapter (<see cref="GitUrl.MirrorKey"/>).</summary>
    public string Key { get; } = key;

    public string RemoteUrl { get; } = remoteUrl;

    public IGitBackend Backend { get; } = backend;

    public ObjectStore Objects { get; } = new(backend);

    /// <summary>Gets the lock held for fetches, pushes and local ref updates (never for reads).</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Gets or sets the number of open repositories using the mirror (guarded by the adapter's registry lock).</summary>
    public int Users { get; set; }

    /// <summary>Gets a value indicating whether the mirror directory was created and configured.</summary>
    public bool Initialized { get; set; }

    public RefSnapshot Snapshot => _snapshot;

    /// <summary>Re-reads the local refs into a new snapshot. Call with <see cref="WriteLock"/> held.</summary>
    public async Task ReloadRefsAsync(CancellationToken cancellationToken)
    {
        var refs = await Backend.ListLocalRefsAsync(cancellationToken).ConfigureAwait(false);
        _snapshot = new RefSnapshot(Interlocked.Increment(ref _generation), refs);
    }

    /// <summary>Records ref changes already applied to the mirror. Call with <see cref="WriteLock"/> held.</summary>
    public void Apply(IReadOnlyList<RefUpdate> updates) =>
        _snapshot = _snapshot.Apply(Interlocked.Increment(ref _generation), updates);
}
