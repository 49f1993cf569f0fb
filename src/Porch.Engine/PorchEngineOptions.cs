using System.ComponentModel.DataAnnotations;

namespace Porch.Engine;

/// <summary>Options of the engine registered by <c>AddPorchEngine</c>.</summary>
/// <remarks>
/// The engine retries nothing itself: each adapter owns the retries of its own operations, with one knob each
/// (Git: <c>GitRepositoryOptions.OperationRetryAttempts</c>, Porch's <c>repo-operation-retry-attempts</c>; gRPC:
/// <c>GrpcFunctionRuntimeOptions.MaxAttempts</c>; the cache's background opens: <c>PorchCacheOptions.RetryMinDelay</c>).
/// </remarks>
public sealed class PorchEngineOptions
{
    /// <summary>Gets or sets how many repositories are listed in parallel by a list across repositories. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentRepositoryLists { get; set; } = 10;

    /// <summary>Gets or sets how long one repository may take in a list across repositories before it is skipped. Default 20 s.</summary>
    public TimeSpan RepositoryListTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
