using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Refs;

namespace Porch.Repository.Git;

/// <summary>Drafts: start, and close as Draft, Proposed or Published (approval).</summary>
internal sealed partial class GitPackageRepository
{
    public async Task<IPackageRevisionDraft> CreatePackageRevisionDraftAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        var packageName = packageRevision.Spec.PackageName;
        var workspace = packageRevision.Spec.WorkspaceName;
        if (string.IsNullOrEmpty(packageName) || string.IsNullOrEmpty(workspace))
        {
            throw new PackageValidationException("spec.packageName and spec.workspaceName are required");
        }

        var lifecycle = packageRevision.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        var key = new PackageRevisionKey(PackageKey.FromPackageName(Key, packageName), 0, workspace);
        var head = Mirror.Snapshot.Find(BranchRef);
        string? baseTree = null;
        if (head is not null)
        {
            baseTree = (await Objects.GetCommitAsync(head, cancellationToken).ConfigureAwait(false)).TreeId;
        }

        var draft = new GitPackageRevisionDraft(
            this, key, PackageRevisionLifecycle.Draft, baseTree, head, null,
            new Dictionary<string, string>(StringComparer.Ordinal), [], null, null);
        await draft.UpdateLifecycleAsync(lifecycle, cancellationToken).ConfigureAwait(false);
        return draft;
    }

    public async Task<IPackageRevisionDraft> UpdatePackageRevisionAsync(IPackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        var existing = Own(packageRevision);
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (existing.Lifecycle is not (PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed))
        {
            throw new InvalidLifecycleTransitionException(
                $"cannot update a package revision with lifecycle {existing.Lifecycle}; only Draft and Proposed revisions change through drafts",
                existing.Lifecycle,
                to: null);
        }

        var commit = await Objects.GetCommitAsync(existing.CommitId, cancellationToken).ConfigureAwait(false);
        var packageTree = await Objects.GetTreeAtPathAsync(commit.TreeId, existing.FullPath, cancellationToken).ConfigureAwait(false);
        var resources = await GitPackageRevision.ReadPackageFilesAsync(Objects, commit.TreeId, existing.FullPath, cancellationToken).ConfigureAwait(false);
        var snapshot = Mirror.Snapshot;
        var isDraft = existing.Lifecycle == PackageRevisionLifecycle.Draft;
        var draftRef = GitRefNames.Draft(existing.FullPath, existing.Key.WorkspaceName);
        var proposedRef = GitRefNames.Proposed(existing.FullPath, existing.Key.WorkspaceName);

        // The revision's own branch is leased at the commit the draft builds on, so a concurrent change is never overwritten.
        return new GitPackageRevisionDraft(
            this, existing.Key, existing.Lifecycle, commit.TreeId, existing.CommitId, packageTree?.Id, resources, existing.Tasks,
            isDraft ? existing.CommitId : snapshot.Find(draftRef),
            isDraft ? snapshot.Find(proposedRef) : existing.CommitId);
    }

    public async Task<IPackageRevision> ClosePackageRevisionDraftAsync(IPackageRevisionDraft draft, int revision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ThrowIfDisposed();
        if (draft is not GitPackageRevisionDraft d || d.Repository != this)
        {
            throw new ArgumentException("the draft was not created by this repository", nameof(draft));
        }

        await d.LockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(d.Closed, d);
            var tip = d.TipCommitId ?? throw new PackageValidationException("package must contain Kptfile at root");
            try
            {
                // Pushed with the closes that arrive while another push is in flight (group commit).
                return d.Lifecycle == PackageRevisionLifecycle.Published
                    ? await ApproveAsync(d, tip, revision, cancellationToken).ConfigureAwait(false)
                    : await MoveBranchAsync(d, tip, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Closing ends the draft whether or not it succeeded; its objects are in the mirror or gone.
                d.Closed = true;
                d.ReleaseQuarantine();
            }
        }
        finally
        {
            d.Unlock();
        }
    }

    private async Task<GitPackageRevision> MoveBranchAsync(GitPackageRevisionDraft d, string tip, CancellationToken cancellationToken)
    {
        var full = d.Key.Package.FullPath;
        var workspace = d.Key.WorkspaceName;
        var toDraft = d.Lifecycle == PackageRevisionLifecycle.Draft;
        var target = toDraft ? GitRefNames.Draft(full, workspace) : GitRefNames.Proposed(full, workspace);
        var other = toDraft ? GitRefNames.Proposed(full, workspace) : GitRefNames.Draft(full, workspace);
        var expectedTarget = toDraft ? d.ExpectedDraftRef : d.ExpectedProposedRef;
        var expectedOther = toDraft ? d.ExpectedProposedRef : d.ExpectedDraftRef;
        var updates = new List<RefUpdate>(2);
        if (tip != expectedTarget)
        {
            updates.Add(new RefUpdate(target, tip, expectedTarget));
        }

        if (expectedOther is not null)
        {
            updates.Add(RefUpdate.Delete(other, expectedOther));
        }

        await PushGroupedAsync(_ => Task.FromResult<IReadOnlyList<RefUpdate>>(updates), d.Quarantine, rebuildOnBranchMove: false, cancellationToken).ConfigureAwait(false);
        return new GitPackageRevision(this, d.Key with { Revision = 0 }, d.Lifecycle, target, tip, d.Tasks, default);
    }

    private async Task<GitPackageRevision> ApproveAsync(GitPackageRevisionDraft d, string tip, int revision, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(revision);
        var full = d.Key.Package.FullPath;
        var workspace = d.Key.WorkspaceName;
        var tag = GitRefNames.Tag(full, revision);
        var quarantine = d.EnsureQuarantine();
        var builder = new CommitBuilder(Objects, quarantine);
        var packageTree = d.PackageTreeId;
        if (packageTree is null)
        {
            var tipCommit = await Objects.GetCommitAsync(tip, cancellationToken).ConfigureAwait(false);
            packageTree = (await Objects.GetTreeAtPathAsync(tipCommit.TreeId, full, cancellationToken).ConfigureAwait(false))?.Id;
        }

        var (author, committer) = Signatures();
        var approval = "";
        var written = new List<string>();
        try
        {
            await PushGroupedAsync(
                async snapshot =>
                {
                    // Rebuilt on every attempt: the approval merges the draft into the branch tip as it is now, unless an
                    // earlier, interrupted push of this approval already landed its first refs (see OrderedRefUpdates).
                    // In a group commit the tip may be an approval planned just before this one, not yet in the mirror.
                    var head = snapshot.Find(BranchRef);
                    // (A planned commit that the mirror's refs already show was pushed, and can be read.)
                    var plannedHead = head is not null && _plannedApprovalTrees.ContainsKey(head) && Mirror.Snapshot.Find(BranchRef) != head;
                    var draftRef = GitRefNames.Draft(full, workspace);
                    var proposedRef = GitRefNames.Proposed(full, workspace);
                    var message = CommitMessages.Approval(full, workspace, revision);
                    var updates = new List<RefUpdate>(4);
                    var resumed = true;
                    var proposalLeft = (d.ExpectedDraftRef is { } leftDraft && snapshot.Find(draftRef) == leftDraft)
                        || (d.ExpectedProposedRef is { } leftProposed && snapshot.Find(proposedRef) == leftProposed);
                    if (proposalLeft && snapshot.Find(tag) is { } tagged && (!_plannedApprovalTrees.ContainsKey(tagged) || Mirror.Snapshot.Find(tag) == tagged)
                        && await IsApprovalOfAsync(tagged, tip, message, cancellationToken).ConfigureAwait(false))
                    {
                        approval = tagged;
                    }
                    else if (head is not null && !plannedHead && await IsApprovalOfAsync(head, tip, message, cancellationToken).ConfigureAwait(false))
                    {
                        approval = head;
                        updates.Add(RefUpdate.Create(tag, approval));
                    }
                    else
                    {
                        resumed = false;
                        var headTree = head is null ? null
                            : _plannedApprovalTrees.TryGetValue(head, out var planned) ? planned
                            : (await Objects.GetCommitAsync(head, cancellationToken).ConfigureAwait(false)).TreeId;
                        var tree = await builder.ReplaceSubtreeAsync(headTree, full, packageTree, cancellationToken).ConfigureAwait(false);
                        var parents = head is null ? new[] { tip } : [head, tip];
                        approval = await builder.WriteCommitAsync(tree, parents, author, committer, message, cancellationToken).ConfigureAwait(false);
                        _plannedApprovalTrees[approval] = tree;
                        written.Add(approval);
                        updates.Add(new RefUpdate(BranchRef, approval, head));
                        updates.Add(RefUpdate.Create(tag, approval));
                    }

                    // A resumed approval skips the deletions that already landed; a branch moved by someone else still fails its lease.
                    if (d.ExpectedDraftRef is { } draftTip && (!resumed || snapshot.Find(draftRef) is not null))
                    {
                        updates.Add(RefUpdate.Delete(draftRef, draftTip));
                    }

                    if (d.ExpectedProposedRef is { } proposedTip && (!resumed || snapshot.Find(proposedRef) is not null))
                    {
                        updates.Add(RefUpdate.Delete(proposedRef, proposedTip));
                    }

                    // Every lease is checked against the refs as last fetched before the first ref moves: a backend that
                    // pushes in order must not move the branch for an approval whose tag or proposal is already gone.
                    var stale = updates.Where(u => snapshot.Find(u.Name) != u.OldId).Select(static u => u.Name).ToArray();
                    if (stale.Length > 0)
                    {
                        throw StaleLease(stale, string.Join("; ", stale.Select(static s => s + " stale info")));
                    }

                    return new OrderedRefUpdates(updates);
                },
                quarantine,
                rebuildOnBranchMove: true,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var id in written)
            {
                _plannedApprovalTrees.TryRemove(id, out _);
            }
        }

        var key = d.Key with { Revision = revision };
        return new GitPackageRevision(this, key, PackageRevisionLifecycle.Published, tag, approval, d.Tasks, new PublishInfo(author.Email, author.When));
    }

    /// <summary>Whether <paramref name="commitId"/> is the approval of <paramref name="tip"/> with <paramref name="message"/> (its last parent is the draft).</summary>
    private async Task<bool> IsApprovalOfAsync(string commitId, string tip, string message, CancellationToken cancellationToken)
    {
        var commit = await Objects.GetCommitAsync(commitId, cancellationToken).ConfigureAwait(false);
        return commit.Parents.Count > 0 && commit.Parents[^1] == tip && commit.Message == message;
    }

    private GitPackageRevision Own(IPackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return packageRevision is GitPackageRevision own && own.Repository == this
            ? own
            : throw new ArgumentException("the package revision does not belong to this repository", nameof(packageRevision));
    }
}
