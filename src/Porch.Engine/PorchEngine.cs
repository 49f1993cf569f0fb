using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Engine.Tasks;
using Porch.Engine.Watch;

namespace Porch.Engine;

/// <summary>
/// The orchestrator behind <see cref="IPorchEngine"/>: create, update, resources and delete (partials) with their
/// locks, rendering, rollback and notifications. Reads go to <see cref="PackageRevisionReader"/>, creating tasks to
/// the handlers of <see cref="TaskHandlerRegistry"/>, metadata writes to <see cref="RevisionMetadata"/>.
/// </summary>
internal sealed partial class PorchEngine : IPorchEngine
{
    private readonly PackageRevisionReader _reader;
    private readonly TaskHandlerRegistry _tasks;
    private readonly RenderStep _render;
    private readonly RevisionMetadata _metadata;
    private readonly IPackageRevisionChangeNotifier _notifier;
    private readonly ILogger _logger;

    /// <summary>Locks on one package revision (namespace, name): update, approval, resources and delete share them.</summary>
    private readonly NonBlockingLocks<(string Namespace, string Name)> _locks = new();

    /// <summary>Locks on one create (namespace, repository, package, workspace); compared part by part, as Porch's key parts may hold '-'.</summary>
    private readonly NonBlockingLocks<(string Namespace, string Repository, string Package, string Workspace)> _createLocks = new();

    public PorchEngine(
        PackageRevisionReader reader,
        TaskHandlerRegistry tasks,
        RenderStep render,
        RevisionMetadata metadata,
        IPackageRevisionChangeNotifier notifier,
        ILogger<PorchEngine>? logger = null)
    {
        _reader = reader;
        _tasks = tasks;
        _render = render;
        _metadata = metadata;
        _notifier = notifier;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public Task<IReadOnlyList<PackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default) =>
        _reader.ListPackageRevisionsAsync(filter, cancellationToken);

    public Task<PackageRevision> GetPackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        _reader.GetPackageRevisionAsync(@namespace, name, cancellationToken);

    public Task<IReadOnlyList<PackageRevisionResources>> ListPackageRevisionResourcesAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default) =>
        _reader.ListPackageRevisionResourcesAsync(filter, cancellationToken);

    public Task<PackageRevisionResources> GetPackageRevisionResourcesAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        _reader.GetPackageRevisionResourcesAsync(@namespace, name, cancellationToken);

    public Task<IReadOnlyList<PorchPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default) =>
        _reader.ListPackagesAsync(filter, cancellationToken);

    public Task<PorchPackage> GetPackageAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        _reader.GetPackageAsync(@namespace, name, cancellationToken);

    /// <summary>Sends a change to watchers, once, after the change succeeded.</summary>
    private void Notify(PackageRevisionChangeType type, PackageRevision packageRevision)
    {
        using var step = Step("Notify");
        var notified = _notifier.NotifyPackageRevisionChange(type, packageRevision);
        step?.SetTag("porch.watchers_notified", notified);
        _logger.ChangeNotified(type.ToString(), packageRevision.Metadata.Namespace ?? "", packageRevision.Metadata.Name ?? "", notified);
    }

    /// <summary>Closes a draft (one commit, one push) and returns the stored revision, so nothing has to be listed again.</summary>
    private static Task<IPackageRevision> CloseAsync(IRepository repository, IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken) =>
        CloseAsync(() => repository.ClosePackageRevisionDraftAsync(draft, revision, cancellationToken));

    private static async Task<IPackageRevision> CloseAsync(Func<Task<IPackageRevision>> close)
    {
        using var step = Step("CloseDraft");
        try
        {
            return await close().ConfigureAwait(false);
        }
        catch (PorchException ex) when (ex is not PackageRevisionConflictException)
        {
            throw PorchErrors.Wrap("failed to close package revision draft: ", ex);
        }
    }

    /// <summary>
    /// Closes a draft and stores the revision's metadata: inside the close when the repository stores both together
    /// (<see cref="IMetadataWritingRepository"/>: never before the close, nothing to put back when it fails), otherwise
    /// written before the close and put back when the close fails.
    /// </summary>
    private Task<IPackageRevision> CloseWithMetadataAsync(
        IRepository repository,
        IPackageRevisionDraft draft,
        int revision,
        string ns,
        string name,
        ObjectMeta newMeta,
        ObjectMeta? oldMeta,
        CancellationToken cancellationToken)
    {
        if (repository is IMetadataWritingRepository withMetadata)
        {
            return CloseAsync(() => withMetadata.ClosePackageRevisionDraftAsync(draft, revision, newMeta, cancellationToken));
        }

        return _metadata.WithMetadataAsync(ns, name, newMeta, oldMeta, () => CloseAsync(repository, draft, revision, cancellationToken), cancellationToken);
    }

    /// <summary>A child span of the current operation.</summary>
    private static System.Diagnostics.Activity? Step(string name) => PorchEngineDiagnostics.Source.StartActivity(name);
}
