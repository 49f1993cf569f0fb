using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>Deletion and the Published ↔ DeletionProposed lifecycle (spec 5.6).</summary>
internal sealed partial class GitPackageRepository
{
    public async Task DeletePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var revision = Own(packageRevision);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        var full = revision.FullPath;
        if (string.IsNullOrEmpty(revision.RefName))
        {
            throw new PackageValidationException("cannot delete package with no ref: " + full);
        }

        await Mirror.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (revision.IsPlaceholder)
            {
                await DeleteFromBranchLockedAsync(revision, cancellationToken).ConfigureAwait(false);
                return;
            }

            var deletionProposed = GitRefNames.DeletionProposed(full, revision.Key.Revision, revision.Key.WorkspaceName);
            if (revision.RefName.StartsWith(GitRefNames.Tags, StringComparison.Ordinal))
            {
                var expected = GitRefNames.Tag(full, revision.Key.Revision);
                if (revision.RefName != expected)
                {
                    throw new PackageValidationException(
                        "cannot delete package tagged with a tag that is not specific to the package: " + GitRefNames.Short(revision.RefName),
                        PorchErrorCode.Forbidden);
                }
            }

            await PushLockedAsync(
                snapshot =>
                {
                    if (snapshot.Find(revision.RefName) is null)
                    {
                        // Deleted already (by us or by a fetch that saw another writer's delete): nothing to lease.
                        throw new PackageRevisionNotFoundException($"packagerevisions.porch.kpt.dev \"{revision.Key.ObjectName}\" not found", revision.Key);
                    }

                    // Annotated tags: the lease is the tag object the ref holds, when it still peels to this revision's commit.
                    var lease = snapshot.TryGet(revision.RefName, out var current) && current.CommitId == revision.CommitId
                        ? current.TargetId
                        : revision.CommitId;
                    var updates = new List<RefUpdate> { RefUpdate.Delete(revision.RefName, lease) };
                    if (revision.Key.Revision != 0 && snapshot.Find(deletionProposed) is { } marker)
                    {
                        updates.Add(RefUpdate.Delete(deletionProposed, marker));
                    }

                    // The marker first: stopped there, the revision lists as Published (nothing deleted yet); a marker
                    // outliving its tag would mark a later revision of the same number as DeletionProposed.
                    updates.Reverse();
                    return Task.FromResult<IReadOnlyList<RefUpdate>>(new OrderedRefUpdates(updates));
                },
                null,
                rebuildOnBranchMove: false,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Mirror.WriteLock.Release();
        }
    }

    internal async Task UpdatePublishedLifecycleAsync(GitPackageRevision revision, PackageRevisionLifecycle lifecycle, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (revision.Lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed) ||
            lifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed))
        {
            throw new InvalidLifecycleTransitionException(
                $"cannot change the lifecycle of a package revision from {revision.Lifecycle} to {lifecycle} here; only Published and DeletionProposed revisions move between those two",
                revision.Lifecycle,
                lifecycle);
        }

        var marker = GitRefNames.DeletionProposed(revision.FullPath, revision.Key.Revision, revision.Key.WorkspaceName);
        await Mirror.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PushLockedAsync(
                snapshot =>
                {
                    var current = snapshot.Find(marker);
                    IReadOnlyList<RefUpdate> updates = lifecycle == PackageRevisionLifecycle.DeletionProposed
                        ? current is null ? [RefUpdate.Create(marker, revision.CommitId)] : []
                        : current is null ? [] : [RefUpdate.Delete(marker, current)];
                    return Task.FromResult(updates);
                },
                null,
                rebuildOnBranchMove: false,
                cancellationToken).ConfigureAwait(false);
            revision.Lifecycle = lifecycle;
        }
        finally
        {
            Mirror.WriteLock.Release();
        }
    }

    // Placeholder: a "Delete <full>" commit on the registered branch removes the package folder; its marker branch goes too.
    private async Task DeleteFromBranchLockedAsync(GitPackageRevision revision, CancellationToken cancellationToken)
    {
        var full = revision.FullPath;
        var marker = GitRefNames.DeletionProposed(full, -1, Branch);
        using var quarantine = Mirror.Backend.CreateQuarantine();
        var builder = new CommitBuilder(Objects, quarantine);
        var (author, committer) = Signatures();
        await PushLockedAsync(
            async snapshot =>
            {
                var updates = new List<RefUpdate>();
                if (snapshot.Find(BranchRef) is { } head)
                {
                    var headCommit = await Objects.GetCommitAsync(head, cancellationToken).ConfigureAwait(false);
                    if (await Objects.GetTreeAtPathAsync(headCommit.TreeId, full, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        var tree = await builder.ReplaceSubtreeAsync(headCommit.TreeId, full, null, cancellationToken).ConfigureAwait(false);
                        var commit = await builder.WriteCommitAsync(tree, [head], author, committer, CommitMessages.Delete(full), cancellationToken).ConfigureAwait(false);
                        updates.Add(new RefUpdate(BranchRef, commit, head));
                    }
                }

                if (snapshot.Find(marker) is { } markerTip)
                {
                    updates.Add(RefUpdate.Delete(marker, markerTip));
                }

                // The marker first: stopped there, the package lists as Published (nothing deleted yet); a marker
                // outliving the package would mark the package as DeletionProposed when it is added again.
                updates.Reverse();
                return new OrderedRefUpdates(updates);
            },
            quarantine,
            rebuildOnBranchMove: true,
            cancellationToken).ConfigureAwait(false);
    }
}
