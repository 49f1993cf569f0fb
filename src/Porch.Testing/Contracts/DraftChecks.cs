using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Testing.Contracts;

/// <summary>The contract's rules about drafts: isolation, abandonment, conflicts, listings, paths and cancellation.</summary>
internal static class DraftChecks
{
    public static RepositoryContractCheck[] All { get; } =
    [
        new("DraftsAreIsolatedUntilClosed", "A new draft is listed by no one, not even after a reopen, until it is closed; then it is listed once, with the files written.", DraftsAreIsolatedUntilClosedAsync),
        new("ChangesAreIsolatedUntilClosed", "A draft of an existing revision starts with its files and changes nothing readers see until it is closed; closing gives a new resource version.", ChangesAreIsolatedUntilClosedAsync),
        new("AbandonedDraftsLeaveNoTrace", "A draft disposed without being closed changes nothing (no listing, no version change) and cannot be closed afterwards.", AbandonedDraftsLeaveNoTraceAsync),
        new("ConcurrentCreatesConflict", "Two drafts of the same new package revision closed at once: exactly one lands, the other fails with PackageRevisionConflictException.", ConcurrentCreatesConflictAsync),
        new("ConcurrentUpdatesConflict", "Two drafts of the same revision closed at once: exactly one lands, the other fails with PackageRevisionConflictException, and the stored files are the winner's.", ConcurrentUpdatesConflictAsync),
        new("ListingsAreConsistentAfterCloseAndDelete", "Listings of revisions and packages agree with every close and delete, also after a reopen; deleting a deleted revision fails with PackageRevisionNotFoundException.", ListingsAreConsistentAsync),
        new("DraftsConfineTheirPaths", "A draft refuses files outside the package and a package without a root Kptfile, and stores nothing of such an attempt.", DraftsConfineTheirPathsAsync),
        new("CancelledCallsChangeNothing", "Calls made with a cancelled token throw OperationCanceledException and change nothing; a draft whose close was cancelled can still be closed.", CancelledCallsChangeNothingAsync),
    ];

    private static async Task DraftsAreIsolatedUntilClosedAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var version = await repository.VersionAsync(c.Token).ConfigureAwait(false);
        var files = ContractContext.Files("isolated", "one");
        var draft = await repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("isolated", "v1"), c.Token).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            c.Expect(draft.Key.Package.PackagePath == "isolated" && draft.Key.WorkspaceName == "v1", $"the draft's key is {draft.Key}; expected package isolated, workspace v1");
            await draft.UpdateResourcesAsync(files, ContractContext.InitTask("isolated"), c.Token).ConfigureAwait(false);
            var listed = await c.FindAsync(repository, "isolated", "v1").ConfigureAwait(false);
            c.Expect(listed.Count == 0, $"an open draft is listed before it is closed: {ContractContext.Describe(listed)}");
            var packages = await repository.ListPackagesAsync(PackageFilter.All, c.Token).ConfigureAwait(false);
            c.Expect(packages.All(p => p.Key.PackagePath != "isolated"), "an open draft's package is listed by ListPackagesAsync before the draft is closed");
            var other = await c.OpenAsync().ConfigureAwait(false);
            listed = await c.FindAsync(other, "isolated", "v1").ConfigureAwait(false);
            c.Expect(listed.Count == 0, $"an open draft is visible through a second open of the repository: {ContractContext.Describe(listed)}");

            var closed = await repository.ClosePackageRevisionDraftAsync(draft, 0, c.Token).ConfigureAwait(false);
            c.Expect(
                closed.Key.Package.PackagePath == "isolated" && closed.Key.WorkspaceName == "v1" && closed.Key.Revision == 0 && closed.Lifecycle == PackageRevisionLifecycle.Draft,
                $"closing returned {closed.Key} {closed.Lifecycle}; expected package isolated, workspace v1, revision 0, Draft");
            await c.ExpectResourcesAsync(closed, files, "on the revision returned by the close").ConfigureAwait(false);
            var stored = await c.SingleAsync(repository, "isolated", "v1", "after the close").ConfigureAwait(false);
            c.Expect(stored.ResourceVersion == closed.ResourceVersion, $"the listed resource version {stored.ResourceVersion} differs from the one the close returned ({closed.ResourceVersion})");
            await c.ExpectResourcesAsync(stored, files, "after the close").ConfigureAwait(false);
            c.Expect(await repository.VersionAsync(c.Token).ConfigureAwait(false) != version, "VersionAsync did not change when a draft was closed");
        }
    }

    private static async Task ChangesAreIsolatedUntilClosedAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var original = ContractContext.Files("changed", "before");
        var revision = await c.CreateAsync(repository, "changed", "v1", original).ConfigureAwait(false);
        var changed = ContractContext.Files("changed", "after");
        changed["extra.yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n";
        var draft = await repository.UpdatePackageRevisionAsync(revision, c.Token).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            c.Expect(
                draft.Resources.Count == original.Count && original.All(f => draft.Resources.TryGetValue(f.Key, out var text) && text == f.Value),
                "a draft of an existing revision does not start with that revision's files");
            await draft.UpdateResourcesAsync(changed, new TaskSpec { Type = TaskType.Render }, c.Token).ConfigureAwait(false);
            var listed = await c.SingleAsync(repository, "changed", "v1", "while a change is open").ConfigureAwait(false);
            await c.ExpectResourcesAsync(listed, original, "while a change is open").ConfigureAwait(false);
            c.Expect(listed.ResourceVersion == revision.ResourceVersion, "the resource version changed before the change was closed");

            var closed = await repository.ClosePackageRevisionDraftAsync(draft, 0, c.Token).ConfigureAwait(false);
            c.Expect(closed.ResourceVersion != revision.ResourceVersion, $"closing a change of the files kept the resource version {revision.ResourceVersion}");
            var stored = await c.SingleAsync(repository, "changed", "v1", "after the change was closed").ConfigureAwait(false);
            await c.ExpectResourcesAsync(stored, changed, "after the change was closed").ConfigureAwait(false);
        }
    }

    private static async Task AbandonedDraftsLeaveNoTraceAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var files = ContractContext.Files("kept", "kept");
        var kept = await c.CreateAsync(repository, "kept", "v1", files).ConfigureAwait(false);
        var version = await repository.VersionAsync(c.Token).ConfigureAwait(false);

        var created = await repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("abandoned", "v1"), c.Token).ConfigureAwait(false);
        await created.UpdateResourcesAsync(ContractContext.Files("abandoned", "x"), ContractContext.InitTask("abandoned"), c.Token).ConfigureAwait(false);
        await created.DisposeAsync().ConfigureAwait(false);
        var change = await repository.UpdatePackageRevisionAsync(kept, c.Token).ConfigureAwait(false);
        await change.UpdateResourcesAsync(ContractContext.Files("kept", "changed"), new TaskSpec { Type = TaskType.Render }, c.Token).ConfigureAwait(false);
        await change.DisposeAsync().ConfigureAwait(false);
        await change.DisposeAsync().ConfigureAwait(false);

        var abandoned = await c.FindAsync(repository, "abandoned", "v1").ConfigureAwait(false);
        c.Expect(abandoned.Count == 0, $"a disposed, never closed draft is listed: {ContractContext.Describe(abandoned)}");
        var stored = await c.SingleAsync(repository, "kept", "v1", "after an abandoned change").ConfigureAwait(false);
        c.Expect(stored.ResourceVersion == kept.ResourceVersion, "an abandoned change moved the revision's resource version");
        await c.ExpectResourcesAsync(stored, files, "after an abandoned change").ConfigureAwait(false);
        c.Expect(await repository.VersionAsync(c.Token).ConfigureAwait(false) == version, "VersionAsync changed although every draft since was abandoned");

        await c.ThrowsAsync<Exception>("closing a disposed draft", () => repository.ClosePackageRevisionDraftAsync(created, 0, c.Token)).ConfigureAwait(false);
        abandoned = await c.FindAsync(repository, "abandoned", "v1").ConfigureAwait(false);
        c.Expect(abandoned.Count == 0, "closing a disposed draft stored it");
    }

    private static async Task ConcurrentCreatesConflictAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var first = await repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("raced", "v1"), c.Token).ConfigureAwait(false);
        var second = await repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("raced", "v1"), c.Token).ConfigureAwait(false);
        await using (first.ConfigureAwait(false))
        await using (second.ConfigureAwait(false))
        {
            var firstFiles = ContractContext.Files("raced", "first");
            var secondFiles = ContractContext.Files("raced", "second");
            await first.UpdateResourcesAsync(firstFiles, ContractContext.InitTask("raced"), c.Token).ConfigureAwait(false);
            await second.UpdateResourcesAsync(secondFiles, ContractContext.InitTask("raced"), c.Token).ConfigureAwait(false);
            var winner = await RaceAsync(c, repository, first, second, "two drafts of one new revision").ConfigureAwait(false);
            var stored = await c.SingleAsync(repository, "raced", "v1", "after two racing creates").ConfigureAwait(false);
            await c.ExpectResourcesAsync(stored, winner == 0 ? firstFiles : secondFiles, "after two racing creates").ConfigureAwait(false);
        }
    }

    private static async Task ConcurrentUpdatesConflictAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var revision = await c.CreateAsync(repository, "contended", "v1", ContractContext.Files("contended", "base")).ConfigureAwait(false);
        var first = await repository.UpdatePackageRevisionAsync(revision, c.Token).ConfigureAwait(false);
        var second = await repository.UpdatePackageRevisionAsync(revision, c.Token).ConfigureAwait(false);
        await using (first.ConfigureAwait(false))
        await using (second.ConfigureAwait(false))
        {
            var firstFiles = ContractContext.Files("contended", "first");
            var secondFiles = ContractContext.Files("contended", "second");
            await first.UpdateResourcesAsync(firstFiles, new TaskSpec { Type = TaskType.Render }, c.Token).ConfigureAwait(false);
            await second.UpdateResourcesAsync(secondFiles, new TaskSpec { Type = TaskType.Render }, c.Token).ConfigureAwait(false);
            var winner = await RaceAsync(c, repository, first, second, "two drafts of one revision").ConfigureAwait(false);
            var stored = await c.SingleAsync(repository, "contended", "v1", "after two racing updates").ConfigureAwait(false);
            await c.ExpectResourcesAsync(stored, winner == 0 ? firstFiles : secondFiles, "after two racing updates").ConfigureAwait(false);

            // The loser's basis is gone; a change started from the stored revision lands.
            var next = ContractContext.Files("contended", "third");
            var third = await repository.UpdatePackageRevisionAsync(stored, c.Token).ConfigureAwait(false);
            await using (third.ConfigureAwait(false))
            {
                await third.UpdateResourcesAsync(next, new TaskSpec { Type = TaskType.Render }, c.Token).ConfigureAwait(false);
                await repository.ClosePackageRevisionDraftAsync(third, 0, c.Token).ConfigureAwait(false);
            }

            stored = await c.SingleAsync(repository, "contended", "v1", "after a change based on the winner").ConfigureAwait(false);
            await c.ExpectResourcesAsync(stored, next, "after a change based on the winner").ConfigureAwait(false);
        }
    }

    /// <summary>Closes two drafts at once; exactly one may land, the other must fail with a conflict. Returns the winner's index.</summary>
    private static async Task<int> RaceAsync(ContractContext c, IRepository repository, IPackageRevisionDraft first, IPackageRevisionDraft second, string what)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closes = new[] { first, second }.Select(async draft =>
        {
            await start.Task.ConfigureAwait(false);
            try
            {
                await repository.ClosePackageRevisionDraftAsync(draft, 0, c.Token).ConfigureAwait(false);
                return (Exception?)null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !c.Token.IsCancellationRequested)
            {
                return ex;
            }
        }).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(closes).ConfigureAwait(false);
        var landed = outcomes.Count(o => o is null);
        c.Expect(landed == 1, landed == 0
            ? $"closing {what} at once: neither landed ({outcomes[0]!.GetType().Name}: {outcomes[0]!.Message}; {outcomes[1]!.GetType().Name}: {outcomes[1]!.Message})"
            : $"closing {what} at once: both landed; the second must fail with PackageRevisionConflictException");
        var loser = outcomes.First(o => o is not null)!;
        if (loser is not PackageRevisionConflictException)
        {
            throw c.Fail($"closing {what} at once: the loser failed with {loser.GetType().Name} ({loser.Message}); expected PackageRevisionConflictException", loser);
        }

        return outcomes[0] is null ? 0 : 1;
    }

    private static async Task ListingsAreConsistentAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        foreach (var name in new[] { "alpha", "beta", "nested/gamma" })
        {
            await c.CreateAsync(repository, name, "v1", ContractContext.Files(name, name)).ConfigureAwait(false);
        }

        await ExpectPackagesAsync(c, repository, ["alpha", "beta", "nested/gamma"], "after three creates").ConfigureAwait(false);
        var filtered = await c.ListAsync(repository, new PackageRevisionFilter { PackageName = "nested/gamma" }).ConfigureAwait(false);
        c.Expect(filtered.Any(r => r.Key.Package.PackagePath == "nested/gamma"), "a listing filtered by package name nested/gamma misses that package (a filter may return more, never fewer)");

        var beta = await c.SingleAsync(repository, "beta", "v1", "before the delete").ConfigureAwait(false);
        await repository.DeletePackageRevisionAsync(beta, c.Token).ConfigureAwait(false);
        await ExpectPackagesAsync(c, repository, ["alpha", "nested/gamma"], "after deleting beta").ConfigureAwait(false);
        await c.ThrowsAsync<PackageRevisionNotFoundException>("deleting a revision that is already deleted", () => repository.DeletePackageRevisionAsync(beta, c.Token)).ConfigureAwait(false);

        await c.CloseRepositoryAsync(repository).ConfigureAwait(false);
        var reopened = await c.OpenAsync().ConfigureAwait(false);
        await ExpectPackagesAsync(c, reopened, ["alpha", "nested/gamma"], "after a reopen").ConfigureAwait(false);
    }

    private static async Task ExpectPackagesAsync(ContractContext c, IRepository repository, string[] expected, string when)
    {
        var revisions = (await c.ListAsync(repository).ConfigureAwait(false)).Where(r => r.Key.Revision != -1).ToArray();
        var listed = revisions.Select(r => r.Key.Package.PackagePath + "/" + r.Key.WorkspaceName).Order(StringComparer.Ordinal).ToArray();
        var wanted = expected.Select(e => e + "/v1").ToArray();
        c.Expect(listed.SequenceEqual(wanted, StringComparer.Ordinal), $"{when}, the listing is [{string.Join(", ", listed)}]; expected [{string.Join(", ", wanted)}]");
        var packages = (await repository.ListPackagesAsync(PackageFilter.All, c.Token).ConfigureAwait(false)).Select(p => p.Key.PackagePath).Order(StringComparer.Ordinal).ToArray();
        c.Expect(packages.SequenceEqual(expected, StringComparer.Ordinal), $"{when}, ListPackagesAsync gives [{string.Join(", ", packages)}]; expected [{string.Join(", ", expected)}]");
    }

    private static async Task DraftsConfineTheirPathsAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var draft = await repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("confined", "v1"), c.Token).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            foreach (var path in new[] { "../escaped.yaml", "/absolute.yaml", "sub/../../escaped.yaml" })
            {
                var files = ContractContext.Files("confined", "x");
                files[path] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: escaped\n";
                await c.ThrowsAsync<Exception>($"writing a file at {path}", () => draft.UpdateResourcesAsync(files, ContractContext.InitTask("confined"), c.Token)).ConfigureAwait(false);
            }

            var withoutKptfile = ContractContext.Files("confined", "x");
            withoutKptfile.Remove("Kptfile");
            var error = await c.ThrowsAsync<PackageValidationException>("writing a package without a root Kptfile", () => draft.UpdateResourcesAsync(withoutKptfile, ContractContext.InitTask("confined"), c.Token)).ConfigureAwait(false);
            c.Expect(error.Message.Contains("package must contain Kptfile at root", StringComparison.Ordinal), $"the missing-Kptfile error reads \"{error.Message}\"; Porch's text is \"package must contain Kptfile at root\"");
        }

        var listed = await c.FindAsync(repository, "confined", "v1").ConfigureAwait(false);
        c.Expect(listed.Count == 0, "a refused draft left a revision behind");
    }

    private static async Task CancelledCallsChangeNothingAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync().ConfigureAwait(false);
        var version = await repository.VersionAsync(c.Token).ConfigureAwait(false);
        await c.ThrowsAsync<OperationCanceledException>("listing with a cancelled token", () => repository.ListPackageRevisionsAsync(PackageRevisionFilter.All, cancelled.Token)).ConfigureAwait(false);
        await c.ThrowsAsync<OperationCanceledException>("starting a draft with a cancelled token", () => repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("cancelled", "v1"), cancelled.Token)).ConfigureAwait(false);

        var files = ContractContext.Files("cancelled", "x");
        var draft = await repository.CreatePackageRevisionDraftAsync(ContractContext.NewRevision("cancelled", "v1"), c.Token).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            await c.ThrowsAsync<OperationCanceledException>("writing a draft with a cancelled token", () => draft.UpdateResourcesAsync(files, ContractContext.InitTask("cancelled"), cancelled.Token)).ConfigureAwait(false);
            await draft.UpdateResourcesAsync(files, ContractContext.InitTask("cancelled"), c.Token).ConfigureAwait(false);
            await c.ThrowsAsync<OperationCanceledException>("closing a draft with a cancelled token", () => repository.ClosePackageRevisionDraftAsync(draft, 0, cancelled.Token)).ConfigureAwait(false);
            var listed = await c.FindAsync(repository, "cancelled", "v1").ConfigureAwait(false);
            c.Expect(listed.Count == 0, "a close cancelled before it started stored the draft");
            c.Expect(await repository.VersionAsync(c.Token).ConfigureAwait(false) == version, "cancelled calls changed VersionAsync");
            await repository.ClosePackageRevisionDraftAsync(draft, 0, c.Token).ConfigureAwait(false);
        }

        var stored = await c.SingleAsync(repository, "cancelled", "v1", "after closing the draft whose first close was cancelled").ConfigureAwait(false);
        await c.ExpectResourcesAsync(stored, files, "after closing the draft whose first close was cancelled").ConfigureAwait(false);
        await c.ThrowsAsync<OperationCanceledException>("deleting with a cancelled token", () => repository.DeletePackageRevisionAsync(stored, cancelled.Token)).ConfigureAwait(false);
        await c.SingleAsync(repository, "cancelled", "v1", "after a cancelled delete").ConfigureAwait(false);
    }
}
