using System.ComponentModel.DataAnnotations;

namespace Porch.Engine;

/// <summary>Options of the engine registered by <c>AddPorchEngine</c>.</summary>
public sealed class PorchEngineOptions
{
    /// <summary>Gets or sets how many times repository adapters attempt a retryable operation (push, fetch). Default 5.</summary>
    [Range(1, 100)]
    public int RepoOperationRetryAttempts { get; set; } = 5;

    /// <summary>Gets or sets how many repositories are listed in parallel by a list across repositories. Default 10.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentRepositoryLists { get; set; } = 10;

    /// <summary>Gets or sets how long one repository may take in a list across repositories before it is skipped. Default 20 s.</summary>
    public TimeSpan RepositoryListTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
