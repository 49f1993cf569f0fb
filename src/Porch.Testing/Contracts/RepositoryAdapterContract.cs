namespace Porch.Testing.Contracts;

/// <summary>
/// The rules every <see cref="Porch.Engine.Repositories.IRepositoryAdapter"/> must keep for the engine to be correct on
/// top of it: drafts isolated until closed and gone when abandoned, conflicting closes refused, listings consistent
/// after closes and deletes, revision numbers as given, published revisions immutable, the placeholder revision
/// following the latest publication, stored revisions surviving a reopen, cancellation honoured and paths confined.
/// Independent of any test framework: run them all with <see cref="RunAsync"/>, or one per test case through
/// <see cref="Checks"/>.
/// </summary>
/// <example>
/// <code>
/// await RepositoryAdapterContract.RunAsync(async ct =&gt;
/// {
///     var folder = Directory.CreateTempSubdirectory();
///     return new RepositoryContractSubject(new MyAdapter(folder.FullName), MyAdapter.Describe("contract"),
///         () =&gt; { folder.Delete(recursive: true); return ValueTask.CompletedTask; });
/// });
/// </code>
/// </example>
public static class RepositoryAdapterContract
{
    /// <summary>Gets every check of the contract, in the order <see cref="RunAsync"/> runs them.</summary>
    public static IReadOnlyList<RepositoryContractCheck> Checks { get; } = DraftChecks.All.Concat(LifecycleChecks.All).ToArray();

    /// <summary>Gets the check named <paramref name="name"/>.</summary>
    /// <param name="name">A <see cref="RepositoryContractCheck.Name"/>.</param>
    /// <returns>The check.</returns>
    /// <exception cref="ArgumentException">No check has that name.</exception>
    public static RepositoryContractCheck Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Checks.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
            ?? throw new ArgumentException($"There is no repository contract check named '{name}'; the checks are: {string.Join(", ", Checks.Select(c => c.Name))}.", nameof(name));
    }

    /// <summary>
    /// Runs the checks (all, or those <see cref="RepositoryContractOptions.Checks"/> names) one after the other, each
    /// against a new subject from <paramref name="factory"/>, and stops at the first violation.
    /// </summary>
    /// <param name="factory">Makes an adapter and a Repository object naming a new, empty repository, once per check.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when every check passed.</returns>
    /// <exception cref="RepositoryContractViolationException">The first check that failed, and why.</exception>
    /// <exception cref="ArgumentException"><see cref="RepositoryContractOptions.Checks"/> names a check that does not exist.</exception>
    public static async Task RunAsync(Func<CancellationToken, Task<RepositoryContractSubject>> factory, RepositoryContractOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var selected = options?.Checks is { Count: > 0 } names ? names.Select(Check).ToArray() : Checks;
        foreach (var check in selected)
        {
            await check.RunAsync(factory, options, cancellationToken).ConfigureAwait(false);
        }
    }
}
