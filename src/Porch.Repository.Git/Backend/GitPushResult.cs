namespace Porch.Repository.Git.Backend;

/// <summary>The outcome of an atomic push: success, or the refs the remote (or the lease check) rejected and why.</summary>
internal sealed record GitPushResult(bool Succeeded, IReadOnlyDictionary<string, string> Rejected, string ErrorText)
{
    public static GitPushResult Success { get; } = new(true, new Dictionary<string, string>(), "");

    /// <summary>Gets a value indicating whether a lease failed: the ref changed on the remote since our last fetch.</summary>
    public bool IsStale => Rejected.Values.Any(static r => r.Contains("stale info", StringComparison.Ordinal) || r.Contains("fetch first", StringComparison.Ordinal) || r.Contains("non-fast-forward", StringComparison.Ordinal) || r.Contains("already exists", StringComparison.Ordinal));

    /// <summary>Gets the refs rejected for their own sake (not merely because the atomic push as a whole failed).</summary>
    public IEnumerable<string> CausingRefs => Rejected.Where(static r => !r.Value.Contains("atomic push failed", StringComparison.Ordinal)).Select(static r => r.Key);
}
