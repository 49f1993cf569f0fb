using Porch.Cache.PostgreSql.Tests.Infrastructure;
using Porch.Cache.Tests.Infrastructure;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Cache.PostgreSql.Tests.Replicas;

/// <summary>
/// Issue 26 item 4: sixteen closes racing in one repository across two replicas, pushed in groups where they meet
/// in one replica: every operation lands exactly once or fails with a conflict, and Git and the cache agree afterwards.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GroupCommitTests
{
    [PostgresFact]
    public async Task SixteenParallelClosesInOneRepository_EachLandsOnceOrConflicts_GitAndCacheAgree()
    {
        await using var replicas = await ReplicaSet.StartAsync(2);
        var (a, b) = (replicas[0], replicas[1]);

        // Eight packages to approve, four drafts to propose, and one draft that four writers race to change.
        for (var i = 0; i < 8; i++)
        {
            var created = await a.CreateAsync($"approve{i}");
            created.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
            await a.Engine.UpdatePackageRevisionAsync(created);
        }

        for (var i = 0; i < 4; i++)
        {
            await a.CreateAsync($"propose{i}");
        }

        var contested = await a.CreateAsync("contested");
        await b.Engine.ListPackageRevisionsAsync(PackageRevisionFilter.All);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var operations = new List<Task<(string Name, PorchException? Error)>>();

        // Each operation reads its revision and changes it, then waits at the gate so all sixteen write together.
        void Race(string label, TestEngine engine, string name, Action<PackageRevision> change, Func<IPorchEngine, PackageRevision, Task> write) =>
            operations.Add(RunAsync(label, async () =>
            {
                var revision = await engine.Engine.GetPackageRevisionAsync("default", name);
                change(revision);
                await gate.Task;
                await write(engine.Engine, revision);
            }));

        for (var i = 0; i < 8; i++)
        {
            var name = $"blueprints.approve{i}.ws1";
            Race(name, i % 2 == 0 ? a : b, name, r => r.Spec.Lifecycle = PackageRevisionLifecycle.Published, (e, r) => e.UpdatePackageRevisionApprovalAsync(r));
        }

        for (var i = 0; i < 4; i++)
        {
            var name = $"blueprints.propose{i}.ws1";
            Race(name, i % 2 == 0 ? b : a, name, r => r.Spec.Lifecycle = PackageRevisionLifecycle.Proposed, (e, r) => e.UpdatePackageRevisionAsync(r));
        }

        for (var i = 0; i < 4; i++)
        {
            var attempt = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Race("contested", i % 2 == 0 ? a : b, contested.Metadata.Name!, r =>
            {
                r.Metadata.ResourceVersion = contested.Metadata.ResourceVersion;
                r.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
                r.Metadata.Annotations["attempt"] = attempt;
            }, (e, r) => e.UpdatePackageRevisionAsync(r));
        }

        gate.SetResult();
        var results = await Task.WhenAll(operations);

        // Every failure is a conflict, and only the contested draft's writers may lose: one of them wins.
        Assert.All(results.Where(r => r.Error is not null), r =>
        {
            Assert.True(r.Error!.ErrorCode == PorchErrorCode.Conflict, $"{r.Name}: {r.Error.ErrorCode}: {r.Error}");
            Assert.Equal("contested", r.Name);
        });
        Assert.Single(results, r => r.Name == "contested" && r.Error is null);

        // Git: each approval tagged once at v1 and merged into main; each proposal on its proposed branch.
        var refs = GitRemote.Git(replicas.Remote.Bare, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < 8; i++)
        {
            Assert.Single(refs, r => r.StartsWith($"refs/tags/approve{i}/", StringComparison.Ordinal));
            Assert.Contains($"refs/tags/approve{i}/v1", refs);
            Assert.DoesNotContain(refs, r => r.StartsWith($"refs/heads/proposed/approve{i}/", StringComparison.Ordinal));
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Contains($"refs/heads/proposed/propose{i}/ws1", refs);
            Assert.DoesNotContain($"refs/heads/drafts/propose{i}/ws1", refs);
        }

        Assert.Contains("refs/heads/proposed/contested/ws1", refs);
        Assert.DoesNotContain("refs/heads/drafts/contested/ws1", refs);

        // The cache, on both replicas, says what Git says.
        var expected = GitView(refs);
        Assert.Equal(expected, await CacheViewAsync(a));
        Assert.Equal(expected, await CacheViewAsync(b));
        await a.Sync("blueprints").SyncOnceAsync();
        Assert.Equal(expected, await CacheViewAsync(a));
    }

    private static async Task<(string Name, PorchException? Error)> RunAsync(string name, Func<Task> operation)
    {
        await Task.Yield();
        try
        {
            await operation();
            return (name, null);
        }
        catch (PorchException ex)
        {
            return (name, ex);
        }
    }

    /// <summary>What the refs say: <c>package lifecycle revision</c> per revision (the main-branch placeholders aside).</summary>
    private static string[] GitView(IReadOnlyList<string> refs)
    {
        var view = new List<string>();
        foreach (var name in refs)
        {
            var parts = name.Split('/');
            switch (parts)
            {
                case ["refs", "tags", var package, var version]:
                    view.Add($"{package} Published {version[1..]}");
                    break;
                case ["refs", "heads", "proposed", var package, _]:
                    view.Add($"{package} Proposed 0");
                    break;
                case ["refs", "heads", "drafts", var package, _]:
                    view.Add($"{package} Draft 0");
                    break;
            }
        }

        return [.. view.Order(StringComparer.Ordinal)];
    }

    private static async Task<string[]> CacheViewAsync(TestEngine engine) =>
        [.. (await engine.Engine.ListPackageRevisionsAsync(PackageRevisionFilter.All))
            .Where(r => r.Spec.WorkspaceName != "main")
            .Select(r => $"{r.Spec.PackageName} {r.Spec.Lifecycle} {r.Spec.Revision}")
            .Order(StringComparer.Ordinal)];
}
