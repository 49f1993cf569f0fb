using System.ComponentModel.DataAnnotations;

namespace Porch.Repository.Git;

/// <summary>Options of the Git repository adapter registered by <c>WithGitRepositories</c>.</summary>
public sealed class GitRepositoryOptions
{
    /// <summary>Gets or sets the folder that holds one bare mirror per remote (under <c>git/</c>). Required.</summary>
    [Required]
    public string CacheDirectory { get; set; } = "";

    /// <summary>Gets or sets how many times a fetch or a push that failed transiently is attempted in all (Porch's <c>repo-operation-retry-attempts</c>).</summary>
    /// <remarks>
    /// Default null: the engine's <c>RepoOperationRetryAttempts</c> (<c>WithRepoOperationRetryAttempts</c>, default 5), or 3
    /// (Porch's git default) when the adapter is used without the engine. 0 and 1 both mean a single attempt.
    /// Rejections (stale leases, hooks, authentication) are never retried.
    /// </remarks>
    [Range(0, 100)]
    public int? OperationRetryAttempts { get; set; }

    /// <summary>Gets or sets the git executable to run.</summary>
    /// <remarks>Default <c>git</c> (found on <c>PATH</c>); git 2.31 or later is required.</remarks>
    [Required]
    public string GitExecutable { get; set; } = "git";

    /// <summary>Gets or sets the longest time one git command (fetch, push, ref listing) may run before it is killed.</summary>
    /// <remarks>Default 2 minutes; at least 1 second.</remarks>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the base delay between attempts; attempt n waits n times this long.</summary>
    /// <remarks>Default 200 ms, as Porch.</remarks>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
