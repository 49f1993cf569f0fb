namespace Porch.Engine.Api;

/// <summary>
/// When a repository is synchronised (<c>spec.sync</c>).
/// </summary>
public sealed class RepositorySync
{
    /// <summary>A one-time sync time (<c>runOnceAt</c>).</summary>
    public DateTimeOffset? RunOnceAt { get; set; }

    /// <summary>A standard five-field cron schedule (<c>schedule</c>).</summary>
    public string? Schedule { get; set; }
}
