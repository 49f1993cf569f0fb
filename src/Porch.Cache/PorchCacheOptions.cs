namespace Porch.Cache;

/// <summary>
/// Settings of the package cache, its SyncManagers and its background process, whatever the storage (memory by default;
/// <c>.UseSqlite(path)</c> from Porch.Cache.Sqlite or <c>.UsePostgreSql()</c> from Porch.Cache.PostgreSql on the builder
/// <c>WithCache()</c> returns).
/// </summary>
public sealed class PorchCacheOptions
{
    /// <summary>
    /// Gets or sets how often a repository is synced when its Repository object has no valid <c>spec.sync.schedule</c>.
    /// Default 10 minutes (Porch's <c>--repo-sync-frequency</c>).
    /// </summary>
    public TimeSpan DefaultSyncFrequency { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the first delay before a repository that failed to open is tried again: the base of the cache's one
    /// retry policy. Default 1 second.
    /// </summary>
    /// <remarks>
    /// The background process retries failed opens and a failed repository source until they work, through one
    /// Polly.Core pipeline: exponential backoff with jitter from this delay up to <see cref="RetryMaxDelay"/>, on the
    /// registered <see cref="TimeProvider"/>. Without the background process, lists, health checks and API calls try a
    /// failed repository again only after this delay, doubling per failure up to <see cref="RetryMaxDelay"/>; with it,
    /// they fail at once with the last error. How often is not a knob: the cache retries until the repository works or
    /// is removed. (Each Git attempt itself is retried per <c>GitRepositoryOptions.OperationRetryAttempts</c>.)
    /// </remarks>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between retries of <see cref="RetryMinDelay"/>'s policy. Default 30 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long <see cref="PorchCacheHealthCheck"/> may take before it reports the cache unhealthy
    /// (a probe that does not answer never hangs <c>/healthz</c>). Default 5 seconds.
    /// </summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long a database cache holds its claim on a revision while an update is pushed; a claim left by a
    /// crashed process expires after it. Default 5 minutes.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how many committed changes a shared database cache keeps in its change feed (PostgreSQL), from which
    /// every replica's watchers are served and resume: a watch resuming from an older version fails with 410 Gone.
    /// Default 100,000.
    /// </summary>
    public int ChangeFeedCapacity { get; set; } = 100_000;
}
