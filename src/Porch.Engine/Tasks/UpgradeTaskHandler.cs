using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Engine.Api;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Krm;
using Porch.Krm.Merge;

namespace Porch.Engine.Tasks;

/// <summary>The <c>upgrade</c> task (spec section 4.6): kpt's update of the local revision from the old to the new upstream.</summary>
internal sealed class UpgradeTaskHandler(PackageRevisionReader reader, ILogger<UpgradeTaskHandler>? logger = null) : ICreationTaskHandler
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public TaskType Type => TaskType.Upgrade;

    public void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName)
    {
        if (task.Upgrade is not { } upgrade)
        {
            return;
        }

        var ofPackage = TaskHandlerRegistry.OfPackage(existing, packageName);
        foreach (var name in new[] { upgrade.OldUpstream.Name, upgrade.NewUpstream.Name, upgrade.LocalPackageRevisionRef.Name })
        {
            var found = ofPackage.FirstOrDefault(r => r.Key.ObjectName == name);
            if (found is not null && found.Lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
            {
                throw PorchErrors.Engine($"all source PackageRevisions of upgrade task must be published, {PorchErrors.Quote(name)} is not");
            }
        }
    }

    public async Task<Dictionary<string, string>> ApplyAsync(TaskSpec task, CreationTaskContext context, CancellationToken cancellationToken)
    {
        var upgrade = task.Upgrade ?? throw PorchErrors.Engine("upgrade field not set for task of type \"upgrade\"");
        var ns = context.Namespace;
        var packageName = context.PackageName;
        var oldName = upgrade.OldUpstream.Name ?? "";
        var newName = upgrade.NewUpstream.Name ?? "";
        var localName = upgrade.LocalPackageRevisionRef.Name ?? "";
        var oldUpstream = await reader.FindEntryAsync(ns, oldName, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"error fetching the resources for package {PorchErrors.Quote(packageName)} with ref {{Name:{oldName}}}: cannot find package revision {PorchErrors.Quote(oldName)}");
        var newUpstream = await reader.FindEntryAsync(ns, newName, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"error fetching revision for target upstream {PorchErrors.Quote(newName)}: cannot find package revision {PorchErrors.Quote(newName)}");
        if (newUpstream.IsPlaceholder)
        {
            throw PorchErrors.Engine($"target upstream revision may not be the placeholder package revision {newUpstream.Key.Repository.Name}/{newName}");
        }

        var local = await reader.FindEntryAsync(ns, localName, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"error fetching resources for local revision {PorchErrors.Quote(localName)}: cannot find package revision {PorchErrors.Quote(localName)}");
        if (local.IsPlaceholder)
        {
            throw PorchErrors.Engine($"source revision may not be the placeholder package revision {local.Key.Repository.Name}/{localName}");
        }

        foreach (var entry in new[] { oldUpstream, newUpstream, local })
        {
            if (!entry.IsPublished)
            {
                throw PorchErrors.Engine($"all source PackageRevisions of upgrade task must be published, {PorchErrors.Quote(entry.Name)} is not");
            }
        }

        var original = await oldUpstream.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        var updated = await newUpstream.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        var localFiles = await local.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, string> merged;
        try
        {
            merged = KptPackageUpdater.Update(localFiles, original, updated, upgrade.Strategy ?? PackageMergeStrategy.ResourceMerge);
        }
        catch (Exception ex) when (ex is PackageMergeException or KrmYamlException)
        {
            throw PorchErrors.Engine($"error updating the package {PorchErrors.Quote(packageName)} to revision {PorchErrors.Quote(newName)}: {ex.Message}", ex);
        }

        var files = new Dictionary<string, string>(merged, StringComparer.Ordinal);
        if (!files.TryGetValue(Kptfile.FileName, out var kptfileText))
        {
            throw PorchErrors.Engine("package must contain Kptfile at root");
        }

        var kptfile = Kptfile.Parse(kptfileText);
        var (upstreamRef, upstreamLock) = UpstreamKptfile.UpstreamOf(newUpstream.Revision.Lock);
        kptfile.Upstream = upstreamRef;
        kptfile.UpstreamLock = upstreamLock;
        files[Kptfile.FileName] = kptfile.ToYaml();
        return UpstreamKptfile.AddMergeKeys(files, packageName, _logger);
    }
}
