using System.Collections.Concurrent;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace CustomRepositoryAdapter;

/// <summary>
/// Opens Repository objects labelled <c>storage.example.dev/kind: folder</c> as folders under one root:
/// <c>&lt;root&gt;/&lt;namespace&gt;/&lt;name&gt;</c>. Every open of the same folder shares one <see cref="FolderStore"/>
/// (its lock and counters), so two open repositories never race each other.
/// </summary>
public sealed class FolderRepositoryAdapter : IRepositoryAdapter
{
    /// <summary>The label that selects this adapter.</summary>
    public const string StorageLabel = "storage.example.dev/kind";

    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FolderStore> _stores = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="FolderRepositoryAdapter"/> class.</summary>
    /// <param name="root">The folder every repository lives under; created when missing.</param>
    /// <param name="timeProvider">The clock for publish times; null for the system clock.</param>
    public FolderRepositoryAdapter(string root, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the type reported on the wire; selection goes through <see cref="CanOpen"/>.</summary>
    public RepositoryType Type => RepositoryType.Git;

    /// <summary>A Repository object is ours when it carries <see cref="StorageLabel"/> = <c>folder</c>.</summary>
    /// <param name="repository">The Repository object.</param>
    /// <returns>Whether this adapter opens it.</returns>
    public bool CanOpen(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Metadata.Labels.TryGetValue(StorageLabel, out var kind) && kind == "folder";
    }

    /// <summary>A Repository object this adapter opens, for samples and tests.</summary>
    /// <param name="name">The repository name (a DNS label).</param>
    /// <param name="namespace">The namespace.</param>
    /// <returns>The Repository object.</returns>
    public static Repository Describe(string name, string @namespace = "default") => new()
    {
        Metadata = new ObjectMeta { Namespace = @namespace, Name = name, Labels = { [StorageLabel] = "folder" } },
        Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = "folder://" + name, Branch = "main" } },
    };

    /// <inheritdoc/>
    public Task<IRepository> OpenRepositoryAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        cancellationToken.ThrowIfCancellationRequested();
        var ns = repository.Metadata.Namespace ?? "";
        var name = repository.Metadata.Name ?? "";

        // Names become folder names: only DNS labels, so no name can leave the root.
        foreach (var (field, value) in new[] { ("metadata.namespace", ns), ("metadata.name", name) })
        {
            if (!KubernetesNames.IsDns1123Label(value))
            {
                throw new ArgumentException($"{field} \"{value}\" cannot name a folder: {string.Join("; ", KubernetesNames.ValidateDns1123Label(value))}", nameof(repository));
            }
        }

        var folder = Path.Combine(_root, ns, name);
        var store = _stores.GetOrAdd(folder, f => new FolderStore(f, _time));
        var branch = repository.Spec.Git?.Branch is { Length: > 0 } b ? b : "main";
        var key = new RepositoryKey(ns, name, "", branch);
        return Task.FromResult<IRepository>(new FolderRepository(key, store, repository.Spec.Git?.Repo ?? "folder://" + name));
    }
}
