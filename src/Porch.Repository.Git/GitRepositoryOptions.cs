using System.ComponentModel.DataAnnotations;

namespace Porch.Repository.Git;

/// <summary>Options of the Git repository adapter registered by <c>WithGitRepositories</c>.</summary>
public sealed class GitRepositoryOptions
{
    /// <summary>Gets or sets the folder that holds one bare mirror per remote (under <c>git/</c>). Required.</summary>
    [Required]
    public string CacheDirectory { get; set; } = "";

    /// <summary>
    /// Gets or sets how many times a fetch, a mirror clone or a push is attempted in all (Porch's
    /// <c>repo-operation-retry-attempts</c>); the one retry knob of Git operations.
    /// </summary>
    /// <remarks>
    /// Default 3, as Porch. 0 and 1 both mean a single attempt. Only transient failures are retried, through one Polly
    /// pipeline: exponential backoff with jitter from <see cref="RetryDelay"/> (capped at 30 seconds) on the host's
    /// <see cref="TimeProvider"/>; a push whose registered branch moved is rebuilt on the fetched tip at once, up to 16 times, outside this budget.
    /// Rejections (stale leases on other refs, hooks, authentication) and remotes that do not answer are never retried.
    /// </remarks>
    [Range(0, 100)]
    public int OperationRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the Git implementation: the <c>git</c> executable or libgit2 in process.</summary>
    /// <remarks>
    /// Default <see cref="GitBackendKind.LibGit2Sharp"/>. With it the hot path (reads, ref
    /// updates, fetches, single-ref pushes) runs in process; pushes of several refs (propose, approve, delete) still run
    /// <c>git push --atomic</c>, because libgit2 has no atomic push, so <see cref="GitExecutable"/> must still be present.
    /// </remarks>
    public GitBackendKind Backend { get; set; } = GitBackendKind.LibGit2Sharp;

    /// <summary>
    /// Gets or sets a value indicating whether HTTPS remotes may present certificates issued by the CA bundle of the
    /// repository's namespace (Porch's <c>use-git-cabundle</c> flag): the secret <c>&lt;namespace&gt;-ca-bundle</c>, key
    /// <c>ca.crt</c>, read through the registered credential resolver when a repository is opened.
    /// </summary>
    /// <remarks>
    /// Default false, as Porch. The bundle adds to the system's trusted roots. A bundle that cannot be read is logged as
    /// an error and the repository is opened without it, as Porch does. A CA bundle in the secret a repository names in
    /// <c>spec.git.secretRef</c> (a <c>ca.crt</c> key and no user credentials) is used for that repository whatever this says.
    /// </remarks>
    public bool UseGitCaBundle { get; set; }

    /// <summary>Gets or sets the git executable to run.</summary>
    /// <remarks>Default <c>git</c> (found on <c>PATH</c>); git 2.31 or later is required.</remarks>
    [Required]
    public string GitExecutable { get; set; } = "git";

    /// <summary>Gets or sets the longest time one git command (fetch, push, ref listing) may run before it is killed.</summary>
    /// <remarks>Default 2 minutes; at least 1 second.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the longest time one listing of the remote's references (<c>git ls-remote</c>, the version check) may run.</summary>
    /// <remarks>
    /// Default 30 seconds; at least 1 second. A listing transfers no objects, so it is given less time than
    /// <see cref="CommandTimeout"/> (which caps it): a remote that never answers is reported quickly.
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ListRemoteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a transport may connect or stay silent before git gives up.</summary>
    /// <remarks>
    /// Default 30 seconds; 1 second to 1 hour, in whole seconds. HTTP(S): a transfer slower than 1 byte/s for this long
    /// fails (<c>GIT_HTTP_LOW_SPEED_TIME</c>). ssh: <c>ConnectTimeout</c>, set through <c>GIT_SSH_COMMAND</c> only when the
    /// environment names no ssh command of its own. <c>git://</c> has no such setting: <see cref="CommandTimeout"/> and
    /// <see cref="ListRemoteTimeout"/> end it.
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the base delay of the retry backoff (<see cref="OperationRetryAttempts"/>).</summary>
    /// <remarks>
    /// Default 200 ms, as Porch. The wait before retry n is about this delay times 2^(n-1), jittered (Polly's
    /// decorrelated jitter), never above 30 seconds; zero retries at once.
    /// </remarks>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how many draft closes of one repository may be pushed together (group commit).</summary>
    /// <remarks>
    /// Default 32. Closes that arrive while a push of the repository is in flight wait for it and then go out in one
    /// atomic push, each with its own commit and leases; a close whose lease is stale fails alone and the rest are pushed
    /// again. 1 pushes every close on its own. The sizes are reported as <c>porch.git.push.batch_size</c>.
    /// </remarks>
    [Range(1, 1000)]
    public int MaxPushBatchSize { get; set; } = 32;
}
