using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;

namespace Porch.Engine;

/// <summary>Delete (spec sections 3.6 and 4.7).</summary>
internal sealed partial class PorchEngine
{
    public async Task<PackageRevision> DeletePackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        // Porch's order (spec section 3.6): the delete rules, then the lock; 403 wins over 409.
        var entry = await _reader.GetEntryAsync(@namespace, name, PorchErrors.PackageRevisionsResource, cancellationToken).ConfigureAwait(false);
        await CheckDeleteRulesAsync(entry, cancellationToken).ConfigureAwait(false);
        if (!_locks.TryAcquire((@namespace, name), out var held))
        {
            throw PorchErrors.UpdateInProgress(@namespace, name);
        }

        using (held)
        {
            // Re-read and re-check under the lock: an approval (or a clone of this revision) may have happened since
            // the checks above, and deleting what is now Published would drop its tag.
            entry = await _reader.GetEntryAsync(@namespace, name, PorchErrors.PackageRevisionsResource, cancellationToken).ConfigureAwait(false);
            await CheckDeleteRulesAsync(entry, cancellationToken).ConfigureAwait(false);
            var current = await _reader.ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
            if (current.Metadata.Finalizers.Count > 0)
            {
                // Finalizers keep the revision: it only becomes terminating (spec section 3.6).
                var stored = await _metadata.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
                if (current.Metadata.DeletionTimestamp is null && stored is not null)
                {
                    stored.DeletionTimestamp = _metadata.Now;
                    await _metadata.SetAsync(@namespace, name, stored, cancellationToken).ConfigureAwait(false);
                    current = await _reader.ToApiAsync(entry, cancellationToken).ConfigureAwait(false);
                    Notify(PackageRevisionChangeType.Modified, current);
                }

                return current;
            }

            return await DeleteNowAsync(entry, current, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The delete rules of spec section 3.6: a Published revision must be DeletionProposed first, and no revision may name it as its upstream.</summary>
    private async Task CheckDeleteRulesAsync(RevisionEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Revision.Lifecycle == PackageRevisionLifecycle.Published)
        {
            throw PorchErrors.Forbidden("published PackageRevisions must be proposed for deletion by setting spec.lifecycle to 'DeletionProposed' prior to deletion");
        }

        var downstream = await _reader.FindDownstreamAsync(entry.Namespace, entry.Name, cancellationToken).ConfigureAwait(false);
        if (downstream is not null)
        {
            throw PorchErrors.Forbidden("cannot delete package revision, it is referenced as upstream by: " + downstream);
        }
    }

    /// <summary>Deletes from the repository, then the metadata; tells watchers; moves the latest label if needed.</summary>
    private async Task<PackageRevision> DeleteNowAsync(RevisionEntry entry, PackageRevision current, CancellationToken cancellationToken)
    {
        await entry.Repository.DeletePackageRevisionAsync(entry.Revision, cancellationToken).ConfigureAwait(false);
        await _metadata.DeleteAsync(entry.Namespace, entry.Name).ConfigureAwait(false);
        _logger.PackageRevisionDeleted(entry.Namespace, entry.Name);
        Notify(PackageRevisionChangeType.Deleted, current);
        if (entry.IsLatest)
        {
            var siblings = await _reader.ListRepositoryAsync(
                entry.RepositoryObject,
                new PackageRevisionFilter { Namespace = entry.Namespace, Repository = entry.Key.Repository.Name, PackageName = entry.Key.Package.PackagePath },
                cancellationToken).ConfigureAwait(false);
            if (siblings.FirstOrDefault(s => s.IsLatest) is { } newLatest)
            {
                Notify(PackageRevisionChangeType.Modified, await _reader.ToApiAsync(newLatest, cancellationToken).ConfigureAwait(false));
            }
        }

        return current;
    }
}
