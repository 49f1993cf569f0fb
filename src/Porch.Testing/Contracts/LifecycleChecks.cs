using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Testing.Contracts;

/// <summary>The contract's rules about lifecycles: numbering, immutability, the placeholder revision, and reopening.</summary>
internal static class LifecycleChecks
{
    public static RepositoryContractCheck[] All { get; } =
    [
        new("PublishingAssignsTheGivenNumber", "Draft and Proposed revisions have number 0; publishing gives the number the engine passes, ListPackagesAsync reports the highest, and a number already taken is a conflict.", PublishingAssignsTheGivenNumberAsync),
        new("PublishedRevisionsAreImmutable", "A published revision cannot be changed through a draft; only its lifecycle moves between Published and DeletionProposed, keeping its number and files.", PublishedRevisionsAreImmutableAsync),
        new("PlaceholderFollowsTheLatestPublication", "Publishing makes or moves the package's placeholder revision (number -1, the repository's placeholder workspace) to the published files, and moves the branch hash.", PlaceholderFollowsTheLatestPublicationAsync),
        new("StoredRevisionsSurviveReopening", "Every stored fact of a revision (key, lifecycle, resource version, tasks, publish info, files) reads the same after the repository is closed and opened again.", StoredRevisionsSurviveReopeningAsync),
    ];

    private static async Task PublishingAssignsTheGivenNumberAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var created = await c.CreateAsync(repository, "numbered", "v1", ContractContext.Files("numbered", "one")).ConfigureAwait(false);
        c.Expect(created.Key.Revision == 0 && created.Lifecycle == PackageRevisionLifecycle.Draft, $"a new draft reads {created.Key.Revision} {created.Lifecycle}; expected revision 0, Draft");
        var proposed = await c.MoveAsync(repository, created, PackageRevisionLifecycle.Proposed).ConfigureAwait(false);
        var listed = await c.SingleAsync(repository, "numbered", "v1", "after proposing").ConfigureAwait(false);
        c.Expect(listed.Key.Revision == 0 && listed.Lifecycle == PackageRevisionLifecycle.Proposed, $"a proposed revision lists as {listed.Key.Revision} {listed.Lifecycle}; expected revision 0, Proposed");

        var published = await c.MoveAsync(repository, proposed, PackageRevisionLifecycle.Published, 1).ConfigureAwait(false);
        c.Expect(published.Key.Revision == 1 && published.Lifecycle == PackageRevisionLifecycle.Published, $"publishing as 1 returned {published.Key.Revision} {published.Lifecycle}");
        c.Expect(published.PublishInfo.PublishedAt is not null, "a published revision has no publish time");
        listed = await c.SingleAsync(repository, "numbered", "v1", "after publishing").ConfigureAwait(false);
        c.Expect(listed.Key.Revision == 1 && listed.Lifecycle == PackageRevisionLifecycle.Published, $"the published revision lists as {listed.Key.Revision} {listed.Lifecycle}; expected 1, Published");

        await c.PublishAsync(repository, "numbered", "v2", ContractContext.Files("numbered", "two"), 2).ConfigureAwait(false);
        var package = (await repository.ListPackagesAsync(PackageFilter.All, c.Token).ConfigureAwait(false)).SingleOrDefault(p => p.Key.PackagePath == "numbered");
        c.Expect(package is not null && package.LatestRevision == 2, $"ListPackagesAsync reports latest revision {package?.LatestRevision.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no package)"} after publishing 1 and 2");

        var third = await c.CreateAsync(repository, "numbered", "v3", ContractContext.Files("numbered", "three"), PackageRevisionLifecycle.Proposed).ConfigureAwait(false);
        await c.ThrowsAsync<PackageRevisionConflictException>("publishing a revision with a number the package already has", () => c.MoveAsync(repository, third, PackageRevisionLifecycle.Published, 2)).ConfigureAwait(false);
        listed = await c.SingleAsync(repository, "numbered", "v3", "after a refused publication").ConfigureAwait(false);
        c.Expect(listed.Lifecycle == PackageRevisionLifecycle.Proposed && listed.Key.Revision == 0, $"a refused publication left the revision {listed.Key.Revision} {listed.Lifecycle}; expected 0, Proposed");
    }

    private static async Task PublishedRevisionsAreImmutableAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var files = ContractContext.Files("frozen", "one");
        var published = await c.PublishAsync(repository, "frozen", "v1", files, 1).ConfigureAwait(false);
        await c.ThrowsAsync<PorchException>("starting a draft of a published revision", () => repository.UpdatePackageRevisionAsync(published, c.Token)).ConfigureAwait(false);

        await published.UpdateLifecycleAsync(PackageRevisionLifecycle.DeletionProposed, c.Token).ConfigureAwait(false);
        var listed = await c.SingleAsync(repository, "frozen", "v1", "after proposing deletion").ConfigureAwait(false);
        c.Expect(listed.Lifecycle == PackageRevisionLifecycle.DeletionProposed && listed.Key.Revision == 1, $"after proposing deletion the revision lists as {listed.Key.Revision} {listed.Lifecycle}; expected 1, DeletionProposed");
        await c.ExpectResourcesAsync(listed, files, "after proposing deletion").ConfigureAwait(false);

        await listed.UpdateLifecycleAsync(PackageRevisionLifecycle.Published, c.Token).ConfigureAwait(false);
        listed = await c.SingleAsync(repository, "frozen", "v1", "after withdrawing the deletion proposal").ConfigureAwait(false);
        c.Expect(listed.Lifecycle == PackageRevisionLifecycle.Published && listed.Key.Revision == 1, $"after withdrawing the deletion proposal the revision lists as {listed.Key.Revision} {listed.Lifecycle}; expected 1, Published");
        await c.ExpectResourcesAsync(listed, files, "after withdrawing the deletion proposal").ConfigureAwait(false);
        await c.ThrowsAsync<PorchException>("moving a published revision back to Draft", () => listed.UpdateLifecycleAsync(PackageRevisionLifecycle.Draft, c.Token)).ConfigureAwait(false);
    }

    private static async Task PlaceholderFollowsTheLatestPublicationAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        var placeholderWorkspace = repository.Key.PlaceholderWorkspaceName;
        c.Expect(!string.IsNullOrEmpty(placeholderWorkspace), "the repository key has no placeholder workspace name (Porch names it after the registered branch)");
        var hash = await repository.BranchCommitHashAsync(c.Token).ConfigureAwait(false);

        var first = ContractContext.Files("placed", "one");
        await c.PublishAsync(repository, "placed", "v1", first, 1).ConfigureAwait(false);
        var placeholder = await c.SingleAsync(repository, "placed", placeholderWorkspace, "after publishing revision 1").ConfigureAwait(false);
        c.Expect(placeholder.Key.Revision == -1, $"the placeholder revision has number {placeholder.Key.Revision}; Porch gives it -1");
        await c.ExpectResourcesAsync(placeholder, first, "on the placeholder after publishing revision 1").ConfigureAwait(false);
        var afterFirst = await repository.BranchCommitHashAsync(c.Token).ConfigureAwait(false);
        c.Expect(afterFirst.Length > 0 && afterFirst != hash, "publishing did not move BranchCommitHashAsync");

        var second = ContractContext.Files("placed", "two");
        await c.PublishAsync(repository, "placed", "v2", second, 2).ConfigureAwait(false);
        placeholder = await c.SingleAsync(repository, "placed", placeholderWorkspace, "after publishing revision 2").ConfigureAwait(false);
        await c.ExpectResourcesAsync(placeholder, second, "on the placeholder after publishing revision 2").ConfigureAwait(false);
        c.Expect(await repository.BranchCommitHashAsync(c.Token).ConfigureAwait(false) != afterFirst, "publishing revision 2 did not move BranchCommitHashAsync");
        var published = (await c.ListAsync(repository).ConfigureAwait(false)).Count(r => r.Key.Package.PackagePath == "placed" && r.Key.Revision > 0);
        c.Expect(published == 2, $"after two publications the package lists {published} numbered revisions; expected 2");
    }

    private static async Task StoredRevisionsSurviveReopeningAsync(ContractContext c)
    {
        var repository = await c.OpenAsync().ConfigureAwait(false);
        await c.CreateAsync(repository, "drafted", "v1", ContractContext.Files("drafted", "d")).ConfigureAwait(false);
        await c.CreateAsync(repository, "proposed", "v1", ContractContext.Files("proposed", "p"), PackageRevisionLifecycle.Proposed).ConfigureAwait(false);
        await c.PublishAsync(repository, "published", "v1", ContractContext.Files("published", "x"), 1).ConfigureAwait(false);
        var retired = await c.PublishAsync(repository, "nested/retired", "v1", ContractContext.Files("nested/retired", "r"), 1).ConfigureAwait(false);
        await retired.UpdateLifecycleAsync(PackageRevisionLifecycle.DeletionProposed, c.Token).ConfigureAwait(false);

        var before = await SnapshotAsync(c, repository).ConfigureAwait(false);
        foreach (var name in new[] { "drafted", "proposed", "published", "nested/retired" })
        {
            var revision = await c.SingleAsync(repository, name, "v1", "before reopening").ConfigureAwait(false);
            var init = revision.Tasks.FirstOrDefault(t => t.Type == TaskType.Init);
            c.Expect(init?.Init?.Description == name + " description", $"{name}'s init task did not round-trip (tasks: {JsonSerializer.Serialize(revision.Tasks.Select(t => t.Type.ToString()))})");
        }

        await c.CloseRepositoryAsync(repository).ConfigureAwait(false);
        var after = await SnapshotAsync(c, await c.OpenAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var lost = before.Except(after, StringComparer.Ordinal).ToArray();
        var gained = after.Except(before, StringComparer.Ordinal).ToArray();
        c.Expect(lost.Length == 0 && gained.Length == 0, $"reopening changed what is stored; before only: [{string.Join(" | ", lost)}]; after only: [{string.Join(" | ", gained)}]");
    }

    /// <summary>Every revision as one line of its stored facts.</summary>
    private static async Task<string[]> SnapshotAsync(ContractContext c, IRepository repository)
    {
        var lines = new List<string>();
        foreach (var revision in await c.ListAsync(repository).ConfigureAwait(false))
        {
            var files = await revision.GetResourcesAsync(c.Token).ConfigureAwait(false);
            var content = string.Join(",", files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value.GetHashCode(StringComparison.Ordinal)));
            var tasks = JsonSerializer.Serialize(revision.Tasks.Select(t => new { Type = t.Type.ToString(), Description = t.Init?.Description }));
            var published = revision.PublishInfo.PublishedAt?.ToUnixTimeSeconds();
            lines.Add($"{revision.Key} {revision.Lifecycle} rv={revision.ResourceVersion} tasks={tasks} by={revision.PublishInfo.PublishedBy} at={published} files={content}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines.ToArray();
    }
}
