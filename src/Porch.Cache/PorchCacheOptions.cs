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
    /// Gets or sets the first delay before a repository that failed to open is tried again. Default 1 second. Until then,
    /// every open of it (lists, health checks, API calls) fails at once with the last error; the background process
    /// retries it on this schedule.
    /// </summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between retries (the delay doubles up to it). Default 30 seconds.</summary>
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
}
