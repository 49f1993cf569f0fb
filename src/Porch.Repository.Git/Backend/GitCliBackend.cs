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
    private static readonly string[] FetchArgs =
    [
        "-c", "gc.auto=0", "-c", "maintenance.auto=false", "fetch", "--prune", "--no-tags", "--quiet", "origin",
        "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*",
    ];

    private readonly GitProcessRunner _runner;
    private readonly CatFileReader _reader;
    private readonly RefTransactionWriter _refs;

    public GitCliBackend(GitProcessRunner runner, string gitDirectory)
    {
        _runner = runner;
        GitDirectory = gitDirectory;
        _reader = new CatFileReader(runner, gitDirectory);
        _refs = new RefTransactionWriter(runner, gitDirectory);
    }

    public string GitDirectory { get; }

    private string QuarantineRoot => Path.Combine(GitDirectory, "porch-quarantine");

    public async Task<bool> EnsureMirrorAsync(string remoteUrl, GitAuth auth, CancellationToken cancellationToken)
    {
        var created = false;
        if (!File.Exists(Path.Combine(GitDirectory, "HEAD")))
        {
            // A clone writes all refs into one packed-refs file; a first fetch would write one loose file per ref.
            if (Directory.Exists(GitDirectory))
            {
                Directory.Delete(GitDirectory, recursive: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(GitDirectory)!);
            await _runner.RunCheckedAsync(
                Path.GetDirectoryName(GitDirectory),
                ["-c", "gc.auto=0", "clone", "--bare", "--quiet", "--no-hardlinks", remoteUrl, GitDirectory],
                auth,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            created = true;
        }
        else
        {
            await _runner.RunCheckedAsync(GitDirectory, ["config", "remote.origin.url", remoteUrl], GitAuth.None, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // Quarantines left by a process that died are garbage by construction.
        if (Directory.Exists(QuarantineRoot))
        {
            Directory.Delete(QuarantineRoot, recursive: true);
        }

        return created;
    }

    public async Task FetchAsync(GitAuth auth, CancellationToken cancellationToken) =>
        await _runner.RunCheckedAsync(GitDirectory, FetchArgs, auth, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GitRef>> ListLocalRefsAsync(CancellationToken cancellationToken)
    {
        var output = await _runner.RunCheckedAsync(
            GitDirectory,
            ["for-each-ref", "--format=%(objectname) %(*objectname) %(refname)", GitRefNames.Heads, GitRefNames.Tags],
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
        var output = await _runner.RunCheckedAsync(GitDirectory, ["ls-remote", "origin"], auth, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(output);
    }

    public async Task<IReadOnlyList<string>> ListCommitsAsync(IReadOnlyCollection<string> tips, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
    {
        var input = new StringBuilder();
        foreach (var tip in tips)
        {
            input.Append(tip).Append('\n');
        }

        foreach (var id in exclude)
        {
            input.Append('^').Append(id).Append('\n');
        }

        var output = await _runner.RunCheckedAsync(GitDirectory, ["rev-list", "--stdin"], GitAuth.None, Encoding.ASCII.GetBytes(input.ToString()), cancellationToken).ConfigureAwait(false);
        return Encoding.ASCII.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public ValueTask<GitObject?[]> ReadObjectsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        _reader.ReadManyAsync(ids, cancellationToken);

    public ObjectQuarantine CreateQuarantine() => new(QuarantineRoot);

    public async Task<GitPushResult> PushAsync(IReadOnlyList<RefUpdate> updates, ObjectQuarantine? quarantine, GitAuth auth, CancellationToken cancellationToken)
    {
        var args = new List<string> { "push", "--porcelain", "--atomic", "--no-verify" };
        foreach (var update in updates)
        {
            args.Add("--force-with-lease=" + update.Name + ":" + (update.OldId ?? ""));
        }

        args.Add("origin");
        foreach (var update in updates)
        {
            args.Add((update.NewId ?? "") + ":" + update.Name);
        }

        Dictionary<string, string>? env = null;
        if (quarantine is not null && Directory.Exists(quarantine.Directory))
        {
            env = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = quarantine.Directory };
        }

        var result = await _runner.RunAsync(GitDirectory, args, auth, default, env, cancellationToken).ConfigureAwait(false);
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
            var local = update.Name;
            if (update.NewId is null)
            {
                script.Append("delete ").Append(local).Append(' ').Append(update.OldId).Append('\n');
            }
            else if (update.OldId is null)
            {
                script.Append("create ").Append(local).Append(' ').Append(update.NewId).Append('\n');
            }
            else
            {
                script.Append("update ").Append(local).Append(' ').Append(update.NewId).Append(' ').Append(update.OldId).Append('\n');
            }
        }

        await _refs.CommitAsync(script.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteMirrorAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync().ConfigureAwait(false);
        if (Directory.Exists(GitDirectory))
        {
            Directory.Delete(GitDirectory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        await _refs.DisposeAsync().ConfigureAwait(false);
    }
}
