using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;
using GitObject = Porch.Repository.Git.Objects.GitObject;
using NativeRepository = LibGit2Sharp.Repository;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// <see cref="IGitBackend"/> over libgit2 in process (LibGit2Sharp): raw object reads from the object database, ref
/// reads and local ref updates, fetches, reference listings and pushes (single refs, and ordered multi-ref updates) without a process.
/// </summary>
/// <remarks>
/// <para>
/// Leases: a push first compares every remote ref's current value (push negotiation, before any object is sent) with
/// the value the change was built on, as Porch does with go-git's <c>RequireRemoteRefs</c>; a mismatch cancels the whole
/// push and is reported as a stale lease. The remote's receive-pack then applies the update only if the ref still has
/// the advertised value.
/// </para>
/// <para>
/// Atomicity: libgit2 has no <c>atomic</c> push capability (Porch itself pushes an approval with go-git as one
/// non-atomic push of several refspecs, so a per-ref refusal there can land a subset, even the draft's deletion without
/// its tag). Here an approval, a published revision's deletion and a placeholder's deletion are
/// <see cref="OrderedRefUpdates"/>: pushed one ref at a time, each with its lease, in an order whose every prefix is a
/// state discovery reads as valid: (1) the registered branch moves to the approval commit (the only contended ref; a
/// lost race changes nothing and the adapter rebuilds on the new tip), (2) the revision's tag is created, (3) the draft
/// or proposed branch is deleted. Stopped after (1), listing shows the proposal unchanged and the branch's placeholder
/// with the approved content; after (2), the published revision, with the proposal of the same workspace hidden by
/// discovery (a tag supersedes a draft of its own workspace). A retry, within the same close (transient failures) or a
/// new approval of the listed proposal, recognises its own approval commit on the branch or under the tag and pushes
/// only the missing refs, so it converges without a second approval commit. Deletions push the deletion marker first,
/// then the tag or the branch commit: stopped in between, the revision still lists as Published. Propose and reject (create one branch,
/// delete the other) and a group of closes pushed together have no such order, since an intermediate state can show a
/// revision twice, and go through the git executable's <c>push --atomic</c> (<see cref="GitCliBackend"/>), except to a
/// repository on a local path: there libgit2's local transport writes the objects and refs itself, with no receive-pack
/// and no hooks, so such a list goes in one in-process push whose negotiation checks every lease before anything is
/// written, and only an I/O failure part-way could stop it between refs (as it could stop git's own ref transaction
/// between its renames); a git process tree per push (push, pack-objects, receive-pack, unpack-objects, rev-list) cost
/// a replica more CPU than the rest of the close. A bearer token is sent as an HTTP header for
/// fetches and pushes; listing remote refs has no header option in LibGit2Sharp, so with a bearer token it runs
/// <c>git ls-remote</c>.
/// </para>
/// <para>
/// A CA bundle is checked by <see cref="CaBundleTrust"/> on fetches and pushes (listing takes no certificate check, so
/// with a bundle it runs <c>git ls-remote</c>). ssh remotes run every network operation through the git executable:
/// LibGit2Sharp has no SSH key credential, and its libgit2 runs ssh with the process's own environment
/// (<see cref="GitAuthFiles"/> gives git the key through <c>GIT_SSH_COMMAND</c>).
/// </para>
/// <para>
/// New objects stay in their quarantine until the push succeeded: the push runs from a push repository kept in the
/// mirror's folder (<c>porch-push</c>) whose <c>objects/info/alternates</c> name the mirror's object store. It stays open
/// across pushes, its <see cref="QuarantineObjectBackend"/> pointed at each push's quarantine, so libgit2's object cache
/// keeps the commits and trees it reads to hide every ref the remote advertises (read from disk again on every push
/// otherwise: a push's cost grew with the remote's ref count). While another push holds it, a throw-away push repository
/// names the quarantine in its alternates instead.
/// </para>
/// </remarks>
internal sealed class LibGit2Backend : IGitBackend
{
    private static readonly string[] FetchRefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

    private readonly GitCliBackend _cli;
    private readonly CacheFolder _cache;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeSpan _listRemoteTimeout;
    private const string PushRefPrefix = "refs/porch-push/";

    // How often a read of refs is taken again when a ref vanished while libgit2 read it (see ReadRefsRetrying).
    internal const int VanishedRefAttempts = 8;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _pushGate = new(1, 1);
    private volatile string? _remoteUrl;
    private NativeRepository? _repository;

    // The shared push repository, open across pushes (used by the holder of _pushGate; _pushInUse and disposal under _lock).
    private NativeRepository? _pushRepository;
    private QuarantineObjectBackend? _pushObjects;
    private bool _pushInUse;
    private IntPtr _odb;

    // Object database handles of readers (ReadObjectsAsync), idle between reads; a release of the handles starts a new
    // generation, and a handle of an older one is freed when its reader hands it back. Guarded by _lock.
    private const int MaxIdleOdbs = 4;
    private readonly Stack<IntPtr> _idleOdbs = new();
    private int _odbGeneration;
    private bool _disposed;

    public LibGit2Backend(GitProcessRunner runner, string gitDirectory, CacheFolder cache)
    {
        _cache = cache;
        _cli = new GitCliBackend(runner, gitDirectory, cache);
        GitDirectory = _cli.GitDirectory;
        _commandTimeout = runner.CommandTimeout;
        _listRemoteTimeout = runner.ListRemoteTimeout;
    }

    public string GitDirectory { get; }

    public bool ReadsInProcess => true;

    private QuarantinePool? _quarantines;

    private string QuarantineRoot => Path.Combine(GitDirectory, "porch-quarantine");

    /// <summary>Gets the reused push repository, inside the mirror's folder (as the quarantine) and outside its object store.</summary>
    private string PushRepositoryDirectory => _cache.Confine(Path.Combine(GitDirectory, "porch-push"));

    public async Task<bool> EnsureMirrorAsync(string remoteUrl, GitAuth auth, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(GitDirectory, "HEAD")))
        {
            // Creating the mirror is the cold path: git clone --bare writes every ref into one packed-refs file and lets
            // the server's pack machinery send the history, where a first libgit2 fetch writes one loose file per ref
            // and, over a local path, builds the whole pack in process. Everything after it runs in process.
            lock (_lock)
            {
                ReleaseHandles();
            }

            _remoteUrl = remoteUrl;

            // A repository on a local path is copied as git's local clone copies it, without a git process; whatever
            // that copy leaves to git (see LocalClone) is cloned by git.
            await _cache.DeleteDirectoryAsync(GitDirectory).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(GitDirectory)!);
            if (await LocalClone.TryCreateAsync(remoteUrl, GitDirectory, _cache, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            return await _cli.EnsureMirrorAsync(remoteUrl, auth, cancellationToken).ConfigureAwait(false);
        }

        _remoteUrl = remoteUrl;

        using (var repository = new NativeRepository(GitDirectory))
        {
            if (repository.Network.Remotes["origin"] is null)
            {
                repository.Network.Remotes.Add("origin", remoteUrl);
            }
            else
            {
                repository.Network.Remotes.Update("origin", r => r.Url = remoteUrl);
            }
        }

        await _cache.DeleteDirectoryAsync(QuarantineRoot).ConfigureAwait(false);
        return false;
    }

    public async Task FetchAsync(GitAuth auth, CancellationToken cancellationToken)
    {
        if (IsSshRemote())
        {
            await _cli.FetchAsync(auth, cancellationToken).ConfigureAwait(false);
            return;
        }

        await RunNetworkAsync("fetch", auth, _commandTimeout, cancellationToken, (credentials, headers, certificates, token) =>
        {
            using var repository = new NativeRepository(GitDirectory);
            var options = new FetchOptions
            {
                Prune = true,
                TagFetchMode = TagFetchMode.None,
                CredentialsProvider = credentials,
                CertificateCheck = certificates,
                CustomHeaders = headers,
                OnTransferProgress = _ => !token.IsCancellationRequested,
                OnProgress = _ => !token.IsCancellationRequested,
            };
            return ReadRefsRetrying(() =>
            {
                Commands.Fetch(repository, "origin", FetchRefSpecs, options, null);
                return true;
            });
        }).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<GitRef>> ListLocalRefsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Open();
            List<GitRef> refs;
            try
            {
                // Read from the ref files directly: listing through libgit2's reference objects cost ~13 ms per 1,000 refs.
                refs = RefFiles.Read(GitDirectory, TagTarget);
            }
            catch (InvalidDataException ex)
            {
                throw new GitCommandException("for-each-ref", 128, ex.Message);
            }

            refs.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return Task.FromResult<IReadOnlyList<GitRef>>(refs);
        }
    }

    public async Task<string> ListRemoteRefsAsync(GitAuth auth, CancellationToken cancellationToken)
    {
        if (auth.IsBearer || auth.CaBundle is not null || IsSshRemote())
        {
            // LibGit2Sharp's listing takes neither headers nor a certificate check; ssh runs through git (see the remarks).
            return await _cli.ListRemoteRefsAsync(auth, cancellationToken).ConfigureAwait(false);
        }

        return await RunNetworkAsync("ls-remote", auth, _listRemoteTimeout, cancellationToken, (credentials, _, _, _) =>
        {
            using var repository = new NativeRepository(GitDirectory);
            var text = new StringBuilder();
            var origin = repository.Network.Remotes["origin"] ?? throw new GitCommandException("ls-remote", 128, "the mirror has no remote");
            foreach (var (name, target) in ListRemote(repository, origin, credentials))
            {
                text.Append(target).Append('\t').Append(name).Append('\n');
            }

            return text.ToString();
        }).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ListCommitsAsync(IReadOnlyCollection<string> tips, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var repository = Open();
            try
            {
                var filter = new CommitFilter
                {
                    IncludeReachableFrom = tips.Select(static t => new ObjectId(GitCommandLine.ObjectId(t))).ToArray(),
                    ExcludeReachableFrom = exclude.Select(static t => new ObjectId(GitCommandLine.ObjectId(t))).ToArray(),
                    SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time,
                };
                return Task.FromResult<IReadOnlyList<string>>(repository.Commits.QueryBy(filter).Select(static c => c.Sha).ToArray());
            }
            catch (LibGit2SharpException ex)
            {
                throw new GitCommandException("rev-list", 128, ex.Message);
            }
        }
    }

    public ValueTask<GitObject?[]> ReadObjectsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = new GitObject?[ids.Count];

        // An object database of its own for each concurrent reader: libgit2 serializes readers of one handle on its
        // pack's locks, while two handles inflate in parallel.
        var (odb, generation) = RentOdb();
        try
        {
            for (var i = 0; i < ids.Count; i++)
            {
                var spec = ids[i];
                var colon = spec.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    result[i] = IsObjectId(spec) ? ReadRaw(odb, spec) : null;
                    continue;
                }

                // <commit>:<path>, as cat-file resolves it (no path means the root tree), read by id straight from the
                // object database: git's revision parser would first look the commit part up as a ref name.
                var commit = spec[..colon];
                var id = IsObjectId(commit) ? ResolvePath(odb, commit, spec[(colon + 1)..]) : null;
                result[i] = id is null ? null : ReadRaw(odb, id);
            }
        }
        finally
        {
            ReturnOdb(odb, generation);
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>An idle object database handle for one reader, or a new one (libgit2 initialised by an open repository).</summary>
    private (IntPtr Odb, int Generation) RentOdb()
    {
        int generation;
        lock (_lock)
        {
            Open();
            generation = _odbGeneration;
            if (_idleOdbs.TryPop(out var idle))
            {
                return (idle, generation);
            }
        }

        if (LibGit2Native.OdbOpen(out var odb, Path.Combine(GitDirectory, "objects")) < 0)
        {
            throw new GitCommandException("cat-file", 128, "cannot open the object database");
        }

        return (odb, generation);
    }

    /// <summary>Hands a reader's handle back for reuse; frees it when the handles were released meanwhile (or enough are idle).</summary>
    private void ReturnOdb(IntPtr odb, int generation)
    {
        lock (_lock)
        {
            if (!_disposed && generation == _odbGeneration && _idleOdbs.Count < MaxIdleOdbs)
            {
                _idleOdbs.Push(odb);
                return;
            }
        }

        LibGit2Native.OdbFree(odb);
    }

    /// <summary>
    /// The object an annotated tag names, or null when <paramref name="id"/> is no tag object. The type comes from the
    /// object's header, so the commits lightweight tags point at are neither inflated nor parsed.
    /// </summary>
    private string? TagTarget(string id)
    {
        EnsureOdb();
        return IsObjectId(id) ? LocalClone.TagTarget(_odb, id) : null;
    }

    private static bool IsObjectId(string id) => id.Length == 40 && !id.AsSpan().ContainsAnyExcept(HexDigits);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// The id of the object at <paramref name="path"/> below a commit's (or a tree's) root tree, or null when a segment
    /// is missing. The trees on the way are scanned in one pooled buffer, never copied into objects of their own.
    /// </summary>
    private static string? ResolvePath(IntPtr odb, string commitId, string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var id = Convert.FromHexString(commitId);
            var type = ReadInto(odb, id, ref buffer, out var length);
            if (type == CommitType)
            {
                if (length < 46 || !buffer.AsSpan(0, 5).SequenceEqual("tree "u8))
                {
                    return null;
                }

                id = Convert.FromHexString(Encoding.ASCII.GetString(buffer, 5, 40));
                if (path.Length == 0)
                {
                    return Convert.ToHexStringLower(id);
                }

                type = ReadInto(odb, id, ref buffer, out length);
            }
            else if (path.Length == 0)
            {
                // <tree>: names the tree itself.
                return type == TreeType ? commitId : null;
            }

            var rest = path.AsSpan();
            Span<byte> name = stackalloc byte[256];
            while (true)
            {
                var slash = rest.IndexOf('/');
                var segment = slash < 0 ? rest : rest[..slash];
                var encoded = Encoding.UTF8.GetByteCount(segment) <= name.Length ? name[..Encoding.UTF8.GetBytes(segment, name)] : Encoding.UTF8.GetBytes(segment.ToString());
                if (type != TreeType || segment.Length == 0 || FindEntry(buffer.AsSpan(0, length), encoded) is not { } entry)
                {
                    return null;
                }

                id = buffer.AsSpan(entry, 20).ToArray();
                if (slash < 0)
                {
                    return Convert.ToHexStringLower(id);
                }

                rest = rest[(slash + 1)..];
                type = ReadInto(odb, id, ref buffer, out length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int CommitType = 1;
    private const int TreeType = 2;

    /// <summary>Reads an object's bytes into <paramref name="buffer"/> (a larger pooled one when needed); its type, or -1 when missing.</summary>
    private static int ReadInto(IntPtr odb, byte[] id, ref byte[] buffer, out int length)
    {
        length = 0;
        var read = LibGit2Native.OdbRead(out var obj, odb, id);
        if (read == LibGit2Native.NotFound)
        {
            return -1;
        }

        if (read < 0)
        {
            throw new GitCommandException("cat-file", 128, "cannot read object " + Convert.ToHexStringLower(id));
        }

        try
        {
            length = checked((int)LibGit2Native.ObjectSize(obj));
            if (buffer.Length < length)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(length);
            }

            if (length > 0)
            {
                Marshal.Copy(LibGit2Native.ObjectData(obj), buffer, 0, length);
            }

            return LibGit2Native.ObjectType(obj);
        }
        finally
        {
            LibGit2Native.ObjectFree(obj);
        }
    }

    /// <summary>
    /// Scans a raw tree (<c>&lt;mode&gt; &lt;name&gt;\0&lt;20-byte id&gt;</c> entries) for <paramref name="name"/>; returns
    /// the offset of its 20-byte id, or null.
    /// </summary>
    private static int? FindEntry(ReadOnlySpan<byte> tree, ReadOnlySpan<byte> name)
    {
        var pos = 0;
        while (pos < tree.Length)
        {
            var space = tree[pos..].IndexOf((byte)' ');
            var nul = space < 0 ? -1 : tree[(pos + space + 1)..].IndexOf((byte)0);
            if (nul < 0)
            {
                return null;
            }

            space += pos;
            nul += space + 1;
            if (nul + 21 > tree.Length)
            {
                return null;
            }

            if (tree[(space + 1)..nul].SequenceEqual(name))
            {
                return nul + 1;
            }

            pos = nul + 21;
        }

        return null;
    }

    public ObjectQuarantine CreateQuarantine() => (_quarantines ??= new QuarantinePool(_cache, QuarantineRoot)).Create();

    /// <summary>
    /// Gets or sets a test seam called after each ref of an in-process push has landed on the remote, with the number of
    /// refs pushed so far; an exception it throws stops the push there, as a lost connection would.
    /// </summary>
    internal Action<int>? AfterPushStep { get; set; }

    public async Task<GitPushResult> PushAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, GitAuth auth, CancellationToken cancellationToken)
    {
        if (IsSshRemote() || (updates.Count != 1 && updates is not OrderedRefUpdates && !IsLocalRemote()))
        {
            // All-or-nothing over the network needs the atomic capability libgit2 does not have; ssh runs through git
            // (see the remarks).
            return await _cli.PushAsync(updates, quarantine, auth, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await PushInProcessAsync(updates, quarantine, auth, cancellationToken).ConfigureAwait(false);
        }
        catch (GitCommandException ex) when (ex.Stderr.Contains("non-bare", StringComparison.Ordinal))
        {
            // libgit2's local transport pushes only to bare repositories; git's receive-pack also serves a work tree.
            // The refusal comes before the first ref is sent, so nothing has landed yet.
            return await _cli.PushAsync(updates, quarantine, auth, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Pushes in process: <see cref="OrderedRefUpdates"/> (and a single update) one ref at a time, in order, each with its
    /// lease checked at push negotiation, stopping at the first refusal; any other list (only to a repository on a local
    /// path, see the remarks) in one push whose negotiation checks every lease before anything is written. The mirror's
    /// push repository serves every push (a throw-away one while another push holds it).
    /// </summary>
    private async Task<GitPushResult> PushInProcessAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, GitAuth auth, CancellationToken cancellationToken)
    {
        var together = updates.Count > 1 && updates is not OrderedRefUpdates;
        var shared = _pushGate.Wait(0);
        var directory = shared ? PushRepositoryDirectory : _cache.Confine(Path.Combine(QuarantineRoot, "push-" + Guid.NewGuid().ToString("N")));
        var url = RemoteUrl();
        try
        {
            return await RunNetworkAsync("push", auth, _commandTimeout, cancellationToken, (credentials, headers, certificates, token) =>
            {
                try
                {
                    using var lease = shared ? LeaseSharedPushRepository(directory, quarantine, url) : new PushRepositoryLease(OpenPushRepository(directory, quarantine, url), null);
                    var repository = lease.Repository;
                    var origin = repository.Network.Remotes["origin"];
                    try
                    {
                        for (var step = 0; step < (together ? 1 : updates.Count); step++)
                        {
                            var rejected = PushRefs(repository, origin, step, together ? updates : [updates[step]], credentials, headers, certificates, token);
                            if (rejected.Count > 0)
                            {
                                var text = string.Join("; ", rejected.Select(static r => r.Key + " " + r.Value));
                                if (step > 0)
                                {
                                    text += $" (after {step} of {updates.Count} ref updates landed)";
                                }

                                return new GitPushResult(false, rejected, text);
                            }

                            if (!together)
                            {
                                AfterPushStep?.Invoke(step + 1);
                            }
                        }

                        return GitPushResult.Success;
                    }
                    finally
                    {
                        foreach (var reference in repository.Refs.FromGlob(PushRefPrefix + "*").ToArray())
                        {
                            repository.Refs.Remove(reference);
                        }
                    }
                }
                finally
                {
                    // Released by the worker itself: a push that outlives its time-out still owns the repository.
                    if (shared)
                    {
                        _pushGate.Release();
                    }
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            if (!shared)
            {
                _cache.TryDeleteDirectory(directory);
            }
        }
    }

    /// <summary>
    /// Pushes <paramref name="updates"/> in one push, each with its lease, checked at push negotiation (one stale lease
    /// stops the whole push before anything is sent); returns the refusals (empty when every update landed).
    /// </summary>
    private static Dictionary<string, string> PushRefs(NativeRepository repository, Remote origin, int firstStep, IReadOnlyList<RefUpdate> updates, CredentialsHandler? credentials, string[]? headers, CertificateCheckHandler? certificates, CancellationToken token)
    {
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = updates;
        for (var attempt = 1; ; attempt++)
        {
            var specs = new List<string>(pending.Count);
            var leases = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < pending.Count; i++)
            {
                var update = pending[i];
                var source = "";
                if (update.NewId is not null)
                {
                    source = PushRefPrefix + (firstStep + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    repository.Refs.Add(source, new ObjectId(GitCommandLine.ObjectId(update.NewId)), allowOverwrite: true);
                }

                specs.Add("+" + source + ":" + update.Name);
                leases[update.Name] = update.OldId;
            }

            var options = new PushOptions
            {
                CredentialsProvider = credentials,
                CertificateCheck = certificates,
                CustomHeaders = headers,
                OnNegotiationCompletedBeforePush = negotiated =>
                {
                    foreach (var pushed in negotiated)
                    {
                        // libgit2's git_push_update: "src" is the ref's current value on the remote, "dst" the new one.
                        var current = pushed.SourceObjectId;
                        var expected = leases.GetValueOrDefault(pushed.DestinationRefName);
                        var matches = expected is null ? current == ObjectId.Zero : current.Sha == expected;
                        if (!matches)
                        {
                            rejected[pushed.DestinationRefName] = "stale info";
                        }
                    }

                    return rejected.Count == 0 && !token.IsCancellationRequested;
                },
                OnPushStatusError = error => rejected[error.Reference] = error.Message,
                OnPushTransferProgress = (_, _, _) => !token.IsCancellationRequested,
            };
            try
            {
                repository.Network.Push(origin, specs, options);
                return rejected;
            }
            catch (UserCancelledException) when (rejected.Count > 0)
            {
                // The lease check refused the push before anything was sent.
                return rejected;
            }
            catch (LibGit2SharpException ex) when (attempt < VanishedRefAttempts && IsVanishedRef(ex))
            {
                // The local transport reads the remote's refs when it connects and again after the update, so another
                // writer's deletion can fail either read: ask the remote where the refs are now. Those at their new
                // value landed; the others are pushed again (their leases checked again).
                rejected.Clear();
                var now = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, target) in ListRemote(repository, origin, credentials))
                {
                    now[name] = target;
                }

                pending = pending.Where(u => !string.Equals(now.GetValueOrDefault(u.Name), u.NewId, StringComparison.Ordinal)).ToList();
                if (pending.Count == 0)
                {
                    return rejected;
                }
            }
        }
    }

    /// <summary>
    /// The remote's refs (name and the object each points at, symbolic refs resolved), read again when a ref vanishes
    /// between libgit2's listing and its read of it.
    /// </summary>
    private static List<(string Name, string Target)> ListRemote(NativeRepository repository, Remote origin, CredentialsHandler? credentials) =>
        ReadRefsRetrying(() =>
        {
            var references = credentials is null ? repository.Network.ListReferences(origin) : repository.Network.ListReferences(origin, credentials);
            var result = new List<(string, string)>();
            foreach (var reference in references)
            {
                if (reference.ResolveToDirectReference()?.TargetIdentifier is { } target)
                {
                    result.Add((reference.CanonicalName, target));
                }
            }

            return result;
        });

    /// <summary>
    /// Runs a read of a repository's refs again when it fails because a ref vanished while it ran. libgit2 lists refs by
    /// name and then reads each one, so another writer's deletion in between (a concurrent fetch's prune in the mirror;
    /// another process pushing to a repository on a local path, which the local transport reads directly) fails the
    /// whole read with "reference '...' not found". Git's own transports send the listing in one piece.
    /// </summary>
    internal static T ReadRefsRetrying<T>(Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (LibGit2SharpException ex) when (attempt < VanishedRefAttempts && IsVanishedRef(ex))
            {
                // read again: the listing is taken anew
            }
        }
    }

    private static bool IsVanishedRef(LibGit2SharpException ex) =>
        ex.Message.StartsWith("reference '", StringComparison.Ordinal) && ex.Message.EndsWith("' not found", StringComparison.Ordinal);

    public Task ApplyLocallyAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, CancellationToken cancellationToken)
    {
        quarantine?.MigrateTo(Path.Combine(GitDirectory, "objects"));
        lock (_lock)
        {
            var repository = Open();
            try
            {
                foreach (var update in updates)
                {
                    var name = GitCommandLine.Reference(update.Name);
                    if (update.NewId is null)
                    {
                        if (repository.Refs[name] is not null)
                        {
                            repository.Refs.Remove(name);
                        }
                    }
                    else
                    {
                        repository.Refs.Add(name, new ObjectId(GitCommandLine.ObjectId(update.NewId)), allowOverwrite: true);
                    }
                }
            }
            catch (LibGit2SharpException ex)
            {
                throw new GitCommandException("update-ref", 128, ex.Message);
            }
        }

        return Task.CompletedTask;
    }

    public async Task DeleteMirrorAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync().ConfigureAwait(false);
        await _cache.DeleteDirectoryAsync(GitDirectory).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            ReleaseHandles();
        }

        await _cli.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The mirror's push repository for one push, held open between pushes (call with <see cref="_pushGate"/> held):
    /// its quarantine backend is pointed at this push's quarantine, and libgit2's object cache keeps what earlier pushes
    /// read. Opened again when the remote's address changed.
    /// </summary>
    private PushRepositoryLease LeaseSharedPushRepository(string directory, ObjectQuarantine? quarantine, string url)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pushInUse = true;
        }

        try
        {
            if (_pushRepository is { } open && open.Network.Remotes["origin"]?.Url != url)
            {
                DisposePushRepository();
            }

            if (_pushRepository is null)
            {
                var repository = OpenPushRepository(directory, null, url);
                try
                {
                    var backend = new QuarantineObjectBackend();
                    repository.ObjectDatabase.AddBackend(backend, priority: 1);
                    _pushRepository = repository;
                    _pushObjects = backend;
                }
                catch
                {
                    repository.Dispose();
                    throw;
                }
            }

            _pushObjects!.Current = quarantine;
            return new PushRepositoryLease(_pushRepository, this);
        }
        catch
        {
            EndSharedPush();
            throw;
        }
    }

    /// <summary>Ends a push's use of the shared push repository; closes it when the backend was disposed meanwhile.</summary>
    private void EndSharedPush()
    {
        lock (_lock)
        {
            if (_pushObjects is { } backend)
            {
                backend.Current = null;
            }

            _pushInUse = false;
            if (_disposed)
            {
                DisposePushRepository();
            }
        }
    }

    /// <summary>Gets a value indicating whether the shared push repository is open (tests).</summary>
    internal bool HoldsPushRepository
    {
        get
        {
            lock (_lock)
            {
                return _pushRepository is not null;
            }
        }
    }

    private void DisposePushRepository()
    {
        _pushRepository?.Dispose();
        _pushRepository = null;
        _pushObjects = null;
    }

    /// <summary>A push repository for one push: a throw-away one is disposed after it, the shared one handed back.</summary>
    private readonly struct PushRepositoryLease(NativeRepository repository, LibGit2Backend? owner) : IDisposable
    {
        public NativeRepository Repository { get; } = repository;

        public void Dispose()
        {
            if (owner is null)
            {
                Repository.Dispose();
            }
            else
            {
                owner.EndSharedPush();
            }
        }
    }

    /// <summary>
    /// Opens (creating it the first time) a bare push repository whose objects are the quarantine's and the mirror's,
    /// with <c>origin</c> = the mirror's remote.
    /// </summary>
    private static NativeRepository OpenPushRepository(string directory, ObjectQuarantine? quarantine, string url)
    {
        if (!File.Exists(Path.Combine(directory, "HEAD")))
        {
            NativeRepository.Init(directory, isBare: true);
        }

        var alternates = new StringBuilder();
        foreach (var quarantined in quarantine?.Directories ?? [])
        {
            alternates.Append(quarantined).Append('\n');
        }

        alternates.Append(Path.GetFullPath(Path.Combine(directory, "..", "objects"))).Append('\n');
        var info = Path.Combine(directory, "objects", "info");
        Directory.CreateDirectory(info);
        File.WriteAllText(Path.Combine(info, "alternates"), alternates.ToString());
        var repository = new NativeRepository(directory);
        try
        {
            var origin = repository.Network.Remotes["origin"];
            if (origin is null)
            {
                repository.Network.Remotes.Add("origin", url);
                origin = repository.Network.Remotes["origin"];
            }
            else if (origin.Url != url)
            {
                repository.Network.Remotes.Update("origin", r => r.Url = url);
            }

            if (origin.FetchRefSpecs.Any())
            {
                // No fetch refspec: after a push libgit2 updates the remote-tracking refs of every fetch refspec from
                // the remote's whole listing, a write per ref of the remote on every push, which nothing here reads.
                repository.Network.Remotes.Update("origin", static r => r.FetchRefSpecs.Clear());
                foreach (var tracking in repository.Refs.FromGlob("refs/remotes/*").ToList())
                {
                    repository.Refs.Remove(tracking);
                }
            }

            return repository;
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    /// <summary>The mirror's remote address, read once from its configuration.</summary>
    private string RemoteUrl()
    {
        if (_remoteUrl is { } known)
        {
            return known;
        }

        lock (_lock)
        {
            return _remoteUrl = Open().Network.Remotes["origin"]?.Url ?? throw new GitCommandException("push", 128, "the mirror has no remote");
        }
    }

    /// <summary>Runs a network operation on a worker thread with credentials, a time-out and cancellation; libgit2 errors become <see cref="GitCommandException"/>s.</summary>
    private async Task<T> RunNetworkAsync<T>(string command, GitAuth auth, TimeSpan timeout, CancellationToken cancellationToken, Func<CredentialsHandler?, string[]?, CertificateCheckHandler?, CancellationToken, T> operation)
    {
        var credentials = Credentials(auth);
        string[]? headers = auth.IsBearer ? [auth.AuthorizationHeader!] : null;
        var trust = auth.CaBundle is null ? null : new CaBundleTrust(auth.CaBundle);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(
            () =>
            {
                try
                {
                    return operation(credentials, headers, trust is null ? null : trust.Check, cts.Token);
                }
                catch (LibGit2SharpException) when (trust?.Rejection is { } rejection)
                {
                    // Named by the repository's address (never credentials: addresses with user information are refused).
                    throw new GitCommandException(command, 128, $"the TLS certificate of {GitAddressRules.Redact(RemoteUrl())} is not trusted: {rejection}");
                }
                catch (LibGit2SharpException ex) when (ex is not UserCancelledException || !cts.IsCancellationRequested)
                {
                    throw new GitCommandException(command, 128, auth.Scrub(Describe(ex)));
                }
            },
            CancellationToken.None);
        try
        {
            return await work.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            _ = work.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw new GitCommandException(command, -1, $"timed out after {timeout.TotalSeconds:0} s") { IsTimeout = true };
        }
        catch (OperationCanceledException)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            _ = work.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            throw;
        }
        catch (UserCancelledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>libgit2's messages, with the markers the adapter classifies by (authentication, transient) made explicit.</summary>
    private static string Describe(LibGit2SharpException ex)
    {
        var message = ex.Message;
        if (message.Contains("authentication replays", StringComparison.OrdinalIgnoreCase)
            || message.Contains("status code: 401", StringComparison.OrdinalIgnoreCase)
            || message.Contains("authentication required", StringComparison.OrdinalIgnoreCase))
        {
            return "authentication failed: " + message;
        }

        if (message.Contains("status code: 403", StringComparison.OrdinalIgnoreCase))
        {
            return "authentication failed (returned error: 403): " + message;
        }

        return message;
    }

    /// <summary>Basic credentials through libgit2's callback; a bearer token travels as a header instead.</summary>
    private static CredentialsHandler? Credentials(GitAuth auth)
    {
        if (auth.Credentials is not { BearerToken: null, SshPrivateKey: null } credentials)
        {
            return null;
        }

        var username = credentials.Username ?? "";
        var password = credentials.Password ?? "";
        return (_, _, _) => new UsernamePasswordCredentials { Username = username, Password = password };
    }

    /// <summary>Whether the remote is reached over ssh (<c>ssh://</c>, <c>git+ssh://</c>, <c>ssh+git://</c> or <c>[user@]host:path</c>).</summary>
    private bool IsSshRemote() => GitUrl.IsSsh(RemoteUrl());

    private bool IsLocalRemote() => GitUrl.IsLocal(RemoteUrl());

    private NativeRepository Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _repository ??= new NativeRepository(GitDirectory);
    }

    private void EnsureOdb()
    {
        if (_odb == IntPtr.Zero)
        {
            // LibGit2Sharp has initialised libgit2 by now (a Repository is open).
            var error = LibGit2Native.OdbOpen(out _odb, Path.Combine(GitDirectory, "objects"));
            if (error < 0)
            {
                _odb = IntPtr.Zero;
                throw new GitCommandException("cat-file", 128, "cannot open the object database");
            }
        }
    }

    private static GitObject? ReadRaw(IntPtr odb, string id)
    {

        var oid = Convert.FromHexString(id);
        var read = LibGit2Native.OdbRead(out var obj, odb, oid);
        if (read == LibGit2Native.NotFound)
        {
            return null;
        }

        if (read < 0)
        {
            throw new GitCommandException("cat-file", 128, "cannot read object " + id);
        }

        try
        {
            var size = checked((int)LibGit2Native.ObjectSize(obj));
            var data = new byte[size];
            if (size > 0)
            {
                Marshal.Copy(LibGit2Native.ObjectData(obj), data, 0, size);
            }

            return new GitObject(id, LibGit2Native.TypeName(LibGit2Native.ObjectType(obj)), data);
        }
        finally
        {
            LibGit2Native.ObjectFree(obj);
        }
    }

    private void ReleaseHandles()
    {
        _repository?.Dispose();
        _repository = null;
        if (!_pushInUse)
        {
            DisposePushRepository();
        }

        _odbGeneration++;
        while (_idleOdbs.TryPop(out var idle))
        {
            LibGit2Native.OdbFree(idle);
        }

        if (_odb != IntPtr.Zero)
        {
            LibGit2Native.OdbFree(_odb);
            _odb = IntPtr.Zero;
        }
    }
}
