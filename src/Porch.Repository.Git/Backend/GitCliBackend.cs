using System.Text;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// <see cref="IGitBackend"/> over the git executable: a long-lived <c>cat-file --batch</c> reader, loose-object writes
/// without a process, <c>update-ref --stdin</c> transactions and one <c>push --atomic</c> with leases per change.
/// </summary>
internal sealed class GitCliBackend : IGitBackend
{
    private static readonly IReadOnlyList<string> FetchArgs = GitCommandLine.Create("fetch", "gc.auto=0", "maintenance.auto=false")
        .Option("--prune").Option("--no-tags").Option("--quiet")
        .Constant("origin").Constant("+refs/heads/*:refs/heads/*").Constant("+refs/tags/*:refs/tags/*")
        .Build();

    private static readonly IReadOnlyList<string> ListRemoteArgs = GitCommandLine.Create("ls-remote").Constant("origin").Build();

    private readonly GitProcessRunner _runner;
    private readonly CatFileReader _reader;
    private readonly RefTransactionWriter _refs;
    private readonly CacheFolder _cache;

    public GitCliBackend(GitProcessRunner runner, string gitDirectory, CacheFolder cache)
    {
        _runner = runner;
        _cache = cache;
        GitDirectory = cache.Confine(gitDirectory);
        _reader = new CatFileReader(runner, GitDirectory);
        _refs = new RefTransactionWriter(runner, GitDirectory);
    }

    public string GitDirectory { get; }

    public bool ReadsInProcess => false;

    private QuarantinePool? _quarantines;

    private string QuarantineRoot => Path.Combine(GitDirectory, "porch-quarantine");

    public async Task<bool> EnsureMirrorAsync(string remoteUrl, GitAuth auth, CancellationToken cancellationToken)
    {
        var created = false;
        if (!File.Exists(Path.Combine(GitDirectory, "HEAD")))
        {
            // A clone writes all refs into one packed-refs file; a first fetch would write one loose file per ref.
            await _cache.DeleteDirectoryAsync(GitDirectory).ConfigureAwait(false);
            var parent = Path.GetDirectoryName(GitDirectory)!;
            Directory.CreateDirectory(parent);
            await _runner.RunCheckedAsync(
                parent,
                GitCommandLine.Create("clone", "gc.auto=0").Option("--bare").Option("--quiet").Option("--no-hardlinks")
                    .Address(remoteUrl).LocalDirectory(GitDirectory).Build(),
                auth,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            created = true;
        }
        else
        {
            await _runner.RunCheckedAsync(
                GitDirectory,
                GitCommandLine.Create("config").Constant("remote.origin.url").Address(remoteUrl).Build(),
                GitAuth.None,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // Quarantines left by a process that died are garbage by construction.
        await _cache.DeleteDirectoryAsync(QuarantineRoot).ConfigureAwait(false);
        return created;
    }

    public async Task FetchAsync(GitAuth auth, CancellationToken cancellationToken) =>
        await _runner.RunCheckedAsync(GitDirectory, FetchArgs, auth, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GitRef>> ListLocalRefsAsync(CancellationToken cancellationToken)
    {
        var output = await _runner.RunCheckedAsync(
            GitDirectory,
            GitCommandLine.Create("for-each-ref").Option("--format=%(objectname) %(*objectname) %(refname)").Constant(GitRefNames.Heads).Constant(GitRefNames.Tags).Build(),
            GitAuth.None,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var refs = new List<GitRef>();
        foreach (var line in Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var first = line.IndexOf(' ', StringComparison.Ordinal);
            var second = line.IndexOf(' ', first + 1);
            if (first < 0 || second < 0)
            {
                continue;
            }

            var target = line[..first];
            var peeled = line[(first + 1)..second];
            refs.Add(new GitRef(line[(second + 1)..], target, peeled.Length > 0 ? peeled : target));
        }

        return refs;
    }

    public async Task<string> ListRemoteRefsAsync(GitAuth auth, CancellationToken cancellationToken)
    {
        var output = await _runner.RunCheckedAsync(GitDirectory, ListRemoteArgs, auth, timeout: _runner.ListRemoteTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(output);
    }

    public async Task<IReadOnlyList<string>> ListCommitsAsync(IReadOnlyCollection<string> tips, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
    {
        var input = new StringBuilder();
        foreach (var tip in tips)
        {
            input.Append(GitCommandLine.ObjectId(tip)).Append('\n');
        }

        foreach (var id in exclude)
        {
            input.Append('^').Append(GitCommandLine.ObjectId(id)).Append('\n');
        }

        var output = await _runner.RunCheckedAsync(GitDirectory, GitCommandLine.Create("rev-list").Option("--stdin").Build(), GitAuth.None, Encoding.ASCII.GetBytes(input.ToString()), cancellationToken: cancellationToken).ConfigureAwait(false);
        return Encoding.ASCII.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public ValueTask<GitObject?[]> ReadObjectsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        _reader.ReadManyAsync(ids, cancellationToken);

    public ObjectQuarantine CreateQuarantine() => (_quarantines ??= new QuarantinePool(_cache, QuarantineRoot)).Create();

    public async Task<GitPushResult> PushAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, GitAuth auth, CancellationToken cancellationToken)
    {
        var command = GitCommandLine.Create("push").Option("--porcelain").Option("--atomic").Option("--no-verify");
        foreach (var update in updates)
        {
            command.Lease(update.Name, update.OldId);
        }

        command.Constant("origin");
        foreach (var update in updates)
        {
            command.RefSpec(update.NewId, update.Name);
        }

        var args = command.Build();
        Dictionary<string, string>? env = null;
        if (quarantine?.Directories is { Count: > 0 } directories)
        {
            // Git splits the list at ':' and reads an entry that starts with '"' C-quoted.
            env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = string.Join(Path.PathSeparator, directories.Select(static d =>
                    d.Contains(Path.PathSeparator, StringComparison.Ordinal) || d.StartsWith('"')
                        ? "\"" + d.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
                        : d)),
            };
        }

        var result = await _runner.RunAsync(GitDirectory, args, auth, default, env, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return GitPushResult.Success;
        }

        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in result.StdoutText.Split('\n'))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 3 && parts[0] == "!")
            {
                var colon = parts[1].LastIndexOf(':');
                rejected[colon >= 0 ? parts[1][(colon + 1)..] : parts[1]] = parts[2];
            }
        }

        var text = string.Join("; ", rejected.Select(static r => r.Key + " " + r.Value));
        var stderr = result.Stderr.Trim();
        return new GitPushResult(false, rejected, text.Length > 0 ? text + (stderr.Length > 0 ? "; " + stderr : "") : stderr);
    }

    public async Task ApplyLocallyAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, CancellationToken cancellationToken)
    {
        quarantine?.MigrateTo(Path.Combine(GitDirectory, "objects"));
        var script = new StringBuilder();
        foreach (var update in updates)
        {
            // Ref names and ids are checked: a newline in either would be a second update-ref command.
            var local = GitCommandLine.Reference(update.Name);
            if (update.NewId is null)
            {
                script.Append("delete ").Append(local).Append(' ').Append(update.OldId is null ? "" : GitCommandLine.ObjectId(update.OldId)).Append('\n');
            }
            else if (update.OldId is null)
            {
                script.Append("create ").Append(local).Append(' ').Append(GitCommandLine.ObjectId(update.NewId)).Append('\n');
            }
            else
            {
                script.Append("update ").Append(local).Append(' ').Append(GitCommandLine.ObjectId(update.NewId)).Append(' ').Append(GitCommandLine.ObjectId(update.OldId)).Append('\n');
            }
        }

        await _refs.CommitAsync(script.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteMirrorAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync().ConfigureAwait(false);
        await _cache.DeleteDirectoryAsync(GitDirectory).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        await _refs.DisposeAsync().ConfigureAwait(false);
    }
}
