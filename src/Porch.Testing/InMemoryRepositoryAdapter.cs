using System.Collections.Concurrent;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>
/// An <see cref="IRepositoryAdapter"/> that serves every Repository object from an <see cref="InMemoryRepository"/>,
/// one per namespace, name and URL, kept for the adapter's lifetime (so reopening sees the same content).
/// </summary>
public sealed class InMemoryRepositoryAdapter : IRepositoryAdapter
{
    private readonly ConcurrentDictionary<(string, string, string), InMemoryRepository> _repositories = new();
    private readonly TimeProvider _time;
    private readonly IUserInfoProvider? _users;

    /// <summary>Initializes a new instance of the <see cref="InMemoryRepositoryAdapter"/> class.</summary>
    /// <param name="timeProvider">The clock for publish times; null for the system clock.</param>
    /// <param name="userInfoProvider">Who publishes; null for nobody.</param>
    public InMemoryRepositoryAdapter(TimeProvider? timeProvider = null, IUserInfoProvider? userInfoProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _users = userInfoProvider;
    }

    /// <summary>Gets or sets the repository type this adapter reports. Default <see cref="RepositoryType.Git"/>; selection goes through <see cref="Accepts"/>.</summary>
    public RepositoryType Type { get; set; } = RepositoryType.Git;

    /// <summary>
    /// Gets or sets which Repository objects this adapter opens (<see cref="CanOpen"/>). Default: every one, whatever its
    /// <c>spec.type</c>, so a test serves Git and OCI Repository objects from memory without pretending to be a Git adapter.
    /// </summary>
    public Func<Repository, bool> Accepts { get; set; } = static _ => true;

    /// <inheritdoc/>
    public bool CanOpen(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return Accepts(repository);
    }

    /// <summary>Gets or sets a fault plan; when set, every repository opened afterwards is wrapped in a <see cref="FaultInjectingRepository"/> that follows it.</summary>
    public FaultPlan? Faults { get; set; }

    /// <inheritdoc/>
    public Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        cancellationToken.ThrowIfCancellationRequested();
        var repository1 = GetRepository(repository);
        IRepository opened = Faults is { } faults ? new FaultInjectingRepository(repository1, faults) : repository1;
        return Task.FromResult(opened);
    }

    /// <summary>Gets (creating when needed) the in-memory store behind a Repository object, for direct inspection in tests.</summary>
    /// <param name="repository">The Repository object.</param>
    /// <returns>The in-memory repository.</returns>
    public InMemoryRepository GetRepository(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var ns = repository.Metadata.Namespace ?? "";
        var name = repository.Metadata.Name ?? "";
        var url = repository.Spec.Git?.Repo ?? "";
        return _repositories.GetOrAdd((ns, name, url), _ => new InMemoryRepository(
            new RepositoryKey(ns, name, (repository.Spec.Git?.Directory ?? "").Trim('/'), repository.Spec.Git?.Branch is { Length: > 0 } b ? b : "main"),
            new InMemoryRepositoryOptions { Url = url.Length > 0 ? url : null, TimeProvider = _time, UserInfoProvider = _users }));
    }
}
