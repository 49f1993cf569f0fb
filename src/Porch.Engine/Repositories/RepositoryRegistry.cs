using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.Engine.Repositories;

/// <summary>
/// The default <see cref="IReferenceResolver"/>: a thread-safe in-memory set of Repository objects that the host
/// registers and unregisters.
/// </summary>
public sealed class RepositoryRegistry : IReferenceResolver
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(string Namespace, string Name), Repository> _repositories = new();

    /// <summary>Adds or replaces a repository.</summary>
    /// <param name="repository">The Repository object; its namespace and name are required and the name must be a DNS-1123 label.</param>
    /// <exception cref="PackageValidationException">The namespace or name is missing or invalid.</exception>
    public void AddOrUpdate(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var ns = repository.Metadata.Namespace;
        var name = repository.Metadata.Name;
        if (string.IsNullOrEmpty(ns))
        {
            throw new PackageValidationException("namespace must be specified", PorchErrorCode.BadRequest);
        }

        if (string.IsNullOrEmpty(name) || !KubernetesNames.IsDns1123Label(name))
        {
            throw new PackageValidationException(
                new QualifiedName(PorchApi.ConfigGroup, "Repository", name ?? ""),
                [FieldError.Invalid("metadata.name", name ?? "", "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character")]);
        }

        lock (_lock)
        {
            _repositories[(ns, name)] = repository;
        }
    }

    /// <summary>Removes a repository.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>True when it was registered.</returns>
    public bool Remove(string @namespace, string name)
    {
        lock (_lock)
        {
            return _repositories.Remove((@namespace, name));
        }
    }

    /// <inheritdoc/>
    public ValueTask<Repository?> GetRepositoryAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_repositories.GetValueOrDefault((@namespace, name)));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Repository>> ListRepositoriesAsync(string? @namespace, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Repository> list = _repositories
                .Where(e => @namespace is null || e.Key.Namespace == @namespace)
                .Select(e => e.Value)
                .ToArray();
            return ValueTask.FromResult(list);
        }
    }
}
