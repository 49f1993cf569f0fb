using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Testing.Contracts;

/// <summary>
/// What one contract check runs against: an adapter and a Repository object naming a new, empty repository that only
/// this check uses. Disposing it releases what the factory made for the check (folders, servers, databases).
/// </summary>
public sealed class RepositoryContractSubject : IAsyncDisposable
{
    private readonly Func<ValueTask>? _cleanup;

    /// <summary>Initializes a new instance of the <see cref="RepositoryContractSubject"/> class.</summary>
    /// <param name="adapter">The adapter under test.</param>
    /// <param name="repository">A Repository object the adapter opens (<see cref="IRepositoryAdapter.CanOpen"/>) and that names an empty repository.</param>
    /// <param name="cleanup">Releases what the factory made for this subject, or null.</param>
    public RepositoryContractSubject(IRepositoryAdapter adapter, Repository repository, Func<ValueTask>? cleanup = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(repository);
        Adapter = adapter;
        Repository = repository;
        _cleanup = cleanup;
    }

    /// <summary>Gets the adapter under test.</summary>
    public IRepositoryAdapter Adapter { get; }

    /// <summary>Gets the Repository object the checks open (more than once: reopening must see the same content).</summary>
    public Repository Repository { get; }

    /// <summary>Runs the cleanup given to the constructor.</summary>
    /// <returns>A task that completes when the cleanup is done.</returns>
    public ValueTask DisposeAsync() => _cleanup?.Invoke() ?? ValueTask.CompletedTask;
}
