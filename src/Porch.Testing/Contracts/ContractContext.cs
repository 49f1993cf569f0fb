using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Testing.Contracts;

/// <summary>What a check body works with: the subject, its token, the repositories it opened, and the assertions.</summary>
internal sealed class ContractContext(string check, RepositoryContractSubject subject, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly List<IRepository> _open = [];

    public CancellationToken Token { get; } = cancellationToken;

    /// <summary>Opens the subject's repository (again): every open must see the same stored content.</summary>
    public async Task<IRepository> OpenAsync()
    {
        if (!subject.Adapter.CanOpen(subject.Repository))
        {
            throw Fail($"the adapter's CanOpen refuses the subject's Repository object {subject.Repository.Metadata.Namespace}/{subject.Repository.Metadata.Name}");
        }

        var repository = await subject.Adapter.OpenRepositoryAsync(subject.Repository, Token).ConfigureAwait(false);
        _open.Add(repository);
        return repository;
    }

    /// <summary>Disposes a repository this context opened (before reopening), once.</summary>
    public async Task CloseRepositoryAsync(IRepository repository)
    {
        if (_open.Remove(repository))
        {
            await repository.DisposeAsync().ConfigureAwait(false);
        }
    }

    public RepositoryContractViolationException Fail(string message, Exception? inner = null) => new(check, message, inner);

    /// <summary>Runs <paramref name="action"/> and returns what it threw, failing when it threw nothing or another type.</summary>
    public async Task<TException> ThrowsAsync<TException>(string what, Func<Task> action)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException ex)
        {
            return ex;
        }
        catch (Exception ex) when (ex is not RepositoryContractViolationException)
        {
            throw Fail($"{what} threw {ex.GetType().Name} ({ex.Message}); the contract expects {typeof(TException).Name}", ex);
        }

        throw Fail($"{what} succeeded; the contract expects {typeof(TException).Name}");
    }

    public void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw Fail(message);
        }
    }

    public async Task<IReadOnlyList<IPackageRevision>> ListAsync(IRepository repository, PackageRevisionFilter? filter = null) =>
        await repository.ListPackageRevisionsAsync(filter ?? PackageRevisionFilter.All, Token).ConfigureAwait(false)
        ?? throw Fail("ListPackageRevisionsAsync returned null");

    /// <summary>The stored revisions of one package path in one workspace (placeholders count as their own workspace).</summary>
    public async Task<IReadOnlyList<IPackageRevision>> FindAsync(IRepository repository, string packageName, string workspace) =>
        (await ListAsync(repository).ConfigureAwait(false))
            .Where(r => r.Key.Package.PackagePath == packageName && r.Key.WorkspaceName == workspace)
            .ToArray();

    /// <summary>The single stored revision of a package and workspace, failing when there is none or more than one.</summary>
    public async Task<IPackageRevision> SingleAsync(IRepository repository, string packageName, string workspace, string when)
    {
        var found = await FindAsync(repository, packageName, workspace).ConfigureAwait(false);
        return found.Count == 1
            ? found[0]
            : throw Fail($"{when}, the listing has {found.Count} revisions of package {packageName} in workspace {workspace}; expected exactly one ({Describe(found)})");
    }

    public async Task ExpectResourcesAsync(IPackageRevision revision, IReadOnlyDictionary<string, string> expected, string when)
    {
        var actual = await revision.GetResourcesAsync(Token).ConfigureAwait(false);
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToArray();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToArray();
        var changed = expected.Keys.Where(k => actual.TryGetValue(k, out var text) && !string.Equals(text, expected[k], StringComparison.Ordinal)).ToArray();
        if (missing.Length + extra.Length + changed.Length > 0)
        {
            throw Fail($"{when}, the resources of {revision.Key} are not the ones written: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}], different [{string.Join(", ", changed)}]");
        }
    }

    /// <summary>Creates a package revision as the engine does: a draft, one init commit, closed with <paramref name="lifecycle"/>.</summary>
    public async Task<IPackageRevision> CreateAsync(IRepository repository, string packageName, string workspace, IReadOnlyDictionary<string, string> files, PackageRevisionLifecycle lifecycle = PackageRevisionLifecycle.Draft)
    {
        var draft = await repository.CreatePackageRevisionDraftAsync(NewRevision(packageName, workspace, lifecycle), Token).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            await draft.UpdateResourcesAsync(files, InitTask(packageName), Token).ConfigureAwait(false);
            await draft.UpdateLifecycleAsync(lifecycle, Token).ConfigureAwait(false);
            return await repository.ClosePackageRevisionDraftAsync(draft, 0, Token).ConfigureAwait(false);
        }
    }

    /// <summary>Moves a Draft or Proposed revision through a draft to <paramref name="lifecycle"/> (Published: numbered <paramref name="number"/>).</summary>
    public async Task<IPackageRevision> MoveAsync(IRepository repository, IPackageRevision revision, PackageRevisionLifecycle lifecycle, int number = 0)
    {
        var draft = await repository.UpdatePackageRevisionAsync(revision, Token).ConfigureAwait(false);
        await using (draft.ConfigureAwait(false))
        {
            await draft.UpdateLifecycleAsync(lifecycle, Token).ConfigureAwait(false);
            return await repository.ClosePackageRevisionDraftAsync(draft, number, Token).ConfigureAwait(false);
        }
    }

    /// <summary>Creates, proposes and publishes a revision numbered <paramref name="number"/>.</summary>
    public async Task<IPackageRevision> PublishAsync(IRepository repository, string packageName, string workspace, IReadOnlyDictionary<string, string> files, int number)
    {
        var created = await CreateAsync(repository, packageName, workspace, files).ConfigureAwait(false);
        var proposed = await MoveAsync(repository, created, PackageRevisionLifecycle.Proposed).ConfigureAwait(false);
        return await MoveAsync(repository, proposed, PackageRevisionLifecycle.Published, number).ConfigureAwait(false);
    }

    public static PackageRevision NewRevision(string packageName, string workspace, PackageRevisionLifecycle lifecycle = PackageRevisionLifecycle.Draft) => new()
    {
        Spec = new PackageRevisionSpec { PackageName = packageName, WorkspaceName = workspace, Lifecycle = lifecycle },
    };

    public static TaskSpec InitTask(string packageName) =>
        new() { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = packageName + " description" } };

    /// <summary>A package's files: a Kptfile named after the package's last segment, and a ConfigMap carrying <paramref name="data"/>.</summary>
    public static Dictionary<string, string> Files(string packageName, string data) => new(StringComparer.Ordinal)
    {
        ["Kptfile"] = $"apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {packageName.Split('/')[^1]}\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\ninfo:\n  description: {packageName} description\n",
        ["configmap.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: \"{data}\"\n",
    };

    public static string Describe(IEnumerable<IPackageRevision> revisions)
    {
        var lines = revisions.Select(r => $"{r.Key.Package.PackagePath}/{r.Key.WorkspaceName} r{r.Key.Revision} {r.Lifecycle}").Order(StringComparer.Ordinal).ToArray();
        return lines.Length == 0 ? "none" : string.Join("; ", lines);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var repository in _open)
        {
            await repository.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
    }
}
