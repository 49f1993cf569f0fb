using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// The one seam between the adapter and a Git implementation, per local bare mirror. <see cref="LibGit2Backend"/> runs
/// libgit2 in process (the default); <see cref="GitCliBackend"/> drives the git executable
/// (<see cref="GitRepositoryOptions.Backend"/>).
/// Object writes go through <see cref="ObjectQuarantine"/>, which writes plain loose objects any backend can read.
/// </summary>
internal interface IGitBackend : IAsyncDisposable
{
    /// <summary>Gets the bare mirror's git directory.</summary>
    string GitDirectory { get; }

    /// <summary>
    /// Creates the bare mirror (remote <c>origin</c> = <paramref name="remoteUrl"/>, branches and tags under the remote's
    /// own names) by cloning, unless it exists. Returns true when it cloned (the mirror is then current).
    /// </summary>
    Task<bool> EnsureMirrorAsync(string remoteUrl, GitAuth auth, CancellationToken cancellationToken);

    /// <summary>Fetches every branch and tag, pruning deleted ones.</summary>
    Task FetchAsync(GitAuth auth, CancellationToken cancellationToken);

    /// <summary>Reads the mirror's references in remote naming (tags peeled).</summary>
    Task<IReadOnlyList<GitRef>> ListLocalRefsAsync(CancellationToken cancellationToken);

    /// <summary>Lists the remote's references (one ref advertisement, no object transfer) as <c>&lt;id&gt;\t&lt;name&gt;</c> lines.</summary>
    Task<string> ListRemoteRefsAsync(GitAuth auth, CancellationToken cancellationToken);

    /// <summary>
    /// Gets a value indicating whether object reads run in process, so a read of a few objects costs microseconds and
    /// callers may walk history a generation at a time instead of listing it first (<see cref="ListCommitsAsync"/>).
    /// </summary>
    bool ReadsInProcess { get; }

    /// <summary>Lists the ids of the commits reachable from <paramref name="tips"/> but not from <paramref name="exclude"/>.</summary>
    Task<IReadOnlyList<string>> ListCommitsAsync(IReadOnlyCollection<string> tips, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken);

    /// <summary>Reads objects, by id or by <c>&lt;commit&gt;:&lt;path&gt;</c>, in one pipelined exchange; missing ones come back as null.</summary>
    ValueTask<GitObject?[]> ReadObjectsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Creates a private object directory for new objects.</summary>
    ObjectQuarantine CreateQuarantine();

    /// <summary>Pushes <paramref name="updates"/> in one atomic push with a lease per ref; new objects come from <paramref name="quarantine"/>.</summary>
    Task<GitPushResult> PushAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, GitAuth auth, CancellationToken cancellationToken);

    /// <summary>After a successful push: moves the quarantined objects into the mirror, then applies the same ref changes locally in one transaction.</summary>
    Task ApplyLocallyAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, CancellationToken cancellationToken);

    /// <summary>Deletes the mirror from disk.</summary>
    Task DeleteMirrorAsync(CancellationToken cancellationToken);
}
