using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>An open draft of an <see cref="InMemoryRepository"/>: private to its holder until closed.</summary>
internal sealed class InMemoryDraft : IPackageRevisionDraft
{
    private Dictionary<string, string> _resources;

    public InMemoryDraft(InMemoryRepository owner, PackageRevisionKey key, PackageRevisionLifecycle lifecycle, StoredRevision? basis)
    {
        Owner = owner;
        Key = key;
        Lifecycle = lifecycle;
        Basis = basis;
        _resources = basis is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(basis.Files, StringComparer.Ordinal);
        Tasks = basis?.Tasks ?? [];
    }

    public InMemoryRepository Owner { get; }

    public PackageRevisionKey Key { get; }

    public PackageRevisionLifecycle Lifecycle { get; private set; }

    public StoredRevision? Basis { get; }

    public IReadOnlyList<TaskSpec> Tasks { get; private set; }

    public bool ContentChanged { get; private set; }

    public bool Closed { get; set; }

    public IReadOnlyDictionary<string, string> Resources => _resources;

    public Task UpdateResourcesAsync(IReadOnlyDictionary<string, string> resources, TaskSpec? task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureOpen();
        if (!resources.ContainsKey(Kptfile.FileName))
        {
            throw new PackageValidationException("package must contain Kptfile at root");
        }

        foreach (var path in resources.Keys)
        {
            PackagePath.Validate(path);
        }

        _resources = new Dictionary<string, string>(resources, StringComparer.Ordinal);
        if (task is { Type: TaskType.Init or TaskType.Clone or TaskType.Edit or TaskType.Upgrade })
        {
            Tasks = [task];
        }

        ContentChanged = true;
        return Task.CompletedTask;
    }

    public Task UpdateLifecycleAsync(PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureOpen();
        Lifecycle = lifecycle;
        return Task.CompletedTask;
    }

    /// <summary>Ends the draft: an unclosed draft is discarded (its files were never stored), a closed one has nothing to release.</summary>
    public ValueTask DisposeAsync()
    {
        Owner.EndDraft(this);
        return ValueTask.CompletedTask;
    }

    private void EnsureOpen()
    {
        if (Closed)
        {
            throw new InvalidOperationException($"The draft of {Key.ObjectName} is already closed.");
        }
    }
}
