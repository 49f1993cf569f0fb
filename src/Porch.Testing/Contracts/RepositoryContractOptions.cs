namespace Porch.Testing.Contracts;

/// <summary>Settings of a <see cref="RepositoryAdapterContract"/> run.</summary>
public sealed class RepositoryContractOptions
{
    /// <summary>
    /// Gets or sets how long one check may take before it fails as hung (a deadlocked close, a lost wake-up). Default
    /// two minutes: generous, because the bound is there to turn a hang into a named failure, not to measure speed.
    /// </summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the names of the checks to run (<see cref="RepositoryContractCheck.Name"/>); null or empty runs all.
    /// A name that is no check fails the run, so a typo cannot silently skip one.
    /// </summary>
    public IReadOnlyCollection<string>? Checks { get; set; }
}
