using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Cache.Tests.Infrastructure;

/// <summary>Writes to in-memory repositories behind the cache's back, and an adapter that fails to open a number of times.</summary>
internal static class MemoryRepositories
{
    public static async Task<IPackageRevision> WriteBehindAsync(InMemoryRepositoryAdapter adapter, Engine.Api.Repository repository, string package, string workspace = "ws1", PackageRevisionLifecycle lifecycle = PackageRevisionLifecycle.Draft, int revision = 0)
    {
        var inner = adapter.GetRepository(repository);
        var draft = await inner.CreatePackageRevisionDraftAsync(new PackageRevision
        {
            Spec = new PackageRevisionSpec { PackageName = package, WorkspaceName = workspace, Repository = repository.Metadata.Name, Lifecycle = lifecycle },
        });
        await draft.UpdateResourcesAsync(
            new Dictionary<string, string> { ["Kptfile"] = GitRemote.Kptfile(package) },
            new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = package + " description" } });
        await draft.UpdateLifecycleAsync(lifecycle);
        return await inner.ClosePackageRevisionDraftAsync(draft, revision);
    }
}

/// <summary>Fails <see cref="FailuresLeft"/> opens with a transient error, recording when each attempt happened.</summary>
internal sealed class FlakyAdapter(InMemoryRepositoryAdapter inner, TimeProvider time) : IRepositoryAdapter
{
    private readonly Lock _lock = new();
    private readonly List<DateTimeOffset> _attempts = [];

    public int FailuresLeft { get; set; }

    public RepositoryType Type => RepositoryType.Git;

    public IReadOnlyList<DateTimeOffset> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    public Task<IRepository> OpenRepositoryAsync(Engine.Api.Repository repository, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _attempts.Add(time.GetUtcNow());
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new RepositoryUnavailableException("cannot fetch repository memory://flaky: connection refused");
            }
        }

        return inner.OpenRepositoryAsync(repository, cancellationToken);
    }
}
