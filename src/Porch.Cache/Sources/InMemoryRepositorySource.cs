using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Porch.Engine.Api;

namespace Porch.Cache.Sources;

/// <summary>
/// A thread-safe set of Repository objects that the host changes in code; every change is reported to every watch.
/// The default source of <c>.WithCache(...)</c>.
/// </summary>
public sealed class InMemoryRepositorySource : IRepositorySource
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(string Namespace, string Name), Repository> _repositories = new();
    private readonly List<Channel<RepositorySourceEvent>> _watches = [];

    /// <summary>Adds a repository, or replaces the one with the same namespace and name.</summary>
    /// <param name="repository">The Repository object; its name is required, a missing namespace becomes <c>default</c>.</param>
    public void AddOrUpdate(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(repository.Metadata.Name, "repository.Metadata.Name");
        if (string.IsNullOrEmpty(repository.Metadata.Namespace))
        {
            repository.Metadata.Namespace = "default";
        }

        lock (_lock)
        {
            var key = (repository.Metadata.Namespace, repository.Metadata.Name);
            var type = _repositories.ContainsKey(key) ? RepositorySourceEventType.Modified : RepositorySourceEventType.Added;
            _repositories[key] = repository;
            Publish(new RepositorySourceEvent(type, repository));
        }
    }

    /// <summary>Removes a repository.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>True when it was there.</returns>
    public bool Remove(string @namespace, string name)
    {
        lock (_lock)
        {
            if (!_repositories.Remove((@namespace, name), out var removed))
            {
                return false;
            }

            Publish(new RepositorySourceEvent(RepositorySourceEventType.Deleted, removed));
            return true;
        }
    }

    /// <summary>Lists the repositories, ordered by namespace and name.</summary>
    /// <returns>The repositories.</returns>
    public IReadOnlyList<Repository> List()
    {
        lock (_lock)
        {
            return [.. _repositories.Values];
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RepositorySourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<RepositorySourceEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            foreach (var repository in _repositories.Values)
            {
                channel.Writer.TryWrite(new RepositorySourceEvent(RepositorySourceEventType.Added, repository));
            }

            channel.Writer.TryWrite(new RepositorySourceEvent(RepositorySourceEventType.Synced, null));
            _watches.Add(channel);
        }

        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(channel);
            }
        }
    }

    private void Publish(RepositorySourceEvent change)
    {
        foreach (var watch in _watches)
        {
            watch.Writer.TryWrite(change);
        }
    }
}
