using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch;

namespace Porch.AspNetCore.Internal;

/// <summary>config.porch.kpt.dev repositories, kept in the engine's <see cref="RepositoryRegistry"/>.</summary>
internal static class RepositoryEndpoints
{
    private const string Kind = "repositories";
    /// <summary>Serialises Repository writes (checks against the registry, then the write).</summary>
    internal static readonly SemaphoreSlim WriteGate = new(1, 1);

    public static Task<IResult> ListAsync(HttpContext http, string? ns) => Guard(http, null, async request =>
    {
        var resolver = http.RequestServices.GetRequiredService<IReferenceResolver>();
        if (request.IsWatch)
        {
            await WatchAsync(request, resolver, ns).ConfigureAwait(false);
            return Results.Empty;
        }

        // The registry's version before the list: a watch from it misses nothing (kubectl get -w lists, then watches from here).
        var version = (resolver is RepositoryRegistry registry ? registry.Version : 0).ToString(CultureInfo.InvariantCulture);
        var items = await resolver.ListRepositoriesAsync(ns, request.Aborted).ConfigureAwait(false);
        var (page, next, remaining) = Paging.Apply(items.Select(Redacted).ToList(), request);
        if (request.WantsTable)
        {
            var table = Tables.Repositories(page, version);
            PackageRevisionEndpoints.SetContinue(table, next, remaining);
            return KubeJson.Result(table);
        }

        var list = new RepositoryList { Items = [.. page], Metadata = new ListMeta { ResourceVersion = version, Continue = next, RemainingItemCount = remaining } };
        return KubeJson.Result(list, PorchJsonContext.Default.RepositoryList);
    });

    /// <summary>
    /// <c>?watch=true</c>: Kubernetes' watch of Repository objects through <see cref="IRepositoryWatchService"/>
    /// (ADDED for the current ones unless a resourceVersion is given, then every change; 410 Expired past the log).
    /// </summary>
    private static Task WatchAsync(RequestContext request, IReferenceResolver resolver, string? ns)
    {
        var watches = request.Http.RequestServices.GetService<IRepositoryWatchService>();
        return WatchStream.RunAsync(
            request,
            new WatchStream.Source<Repository>(
                PorchApi.ConfigGroup,
                PorchApi.ConfigApiVersion,
                "Repository",
                watches is null ? null : () => watches.CurrentVersion,
                async ct => await resolver.ListRepositoriesAsync(ns, ct).ConfigureAwait(false),
                (from, ct) => Changes(watches!, ns, from, ct),
                (repository, _) => Task.FromResult<JsonNode?>(request.WantsTable
                    ? Tables.Repositories([Redacted(repository)], repository.Metadata.ResourceVersion)
                    : KubeJson.ToNode(Redacted(repository), PorchJsonContext.Default.Repository))),
            request.Aborted);
    }

    private static async IAsyncEnumerable<(PackageRevisionChangeType, Repository)> Changes(
        IRepositoryWatchService watches,
        string? ns,
        long? from,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in watches.WatchAsync(ns, from, cancellationToken).ConfigureAwait(false))
        {
            yield return (change.Type, change.Object);
        }
    }

    public static Task<IResult> GetAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var repository = Redacted(await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false));
        return request.WantsTable ? KubeJson.Result(Tables.Repositories([repository], repository.Metadata.ResourceVersion)) : KubeJson.Result(repository, PorchJsonContext.Default.Repository);
    });

    public static Task<IResult> CreateAsync(HttpContext http, string ns) => Guard(http, null, async request =>
    {
        var repository = await KubeJson.ReadBodyAsync(request, PorchJsonContext.Default.Repository).ConfigureAwait(false);
        return await CreateCoreAsync(http, request, ns, repository).ConfigureAwait(false);
    });

    private static async Task<IResult> CreateCoreAsync(HttpContext http, RequestContext request, string ns, Repository repository)
    {
        PackageRevisionEndpoints.CheckNamespace(repository.Metadata, ns);
        var registry = Registry(http);
        var name = repository.Metadata.Name ?? "";
        Validate(repository, previous: null);
        var dryRun = SecretEndpoints.DryRun(request);
        await WriteGate.WaitAsync(request.Aborted).ConfigureAwait(false);
        try
        {
            if (await registry.GetRepositoryAsync(ns, name, request.Aborted).ConfigureAwait(false) is not null)
            {
                return KubeStatus.Failure(409, "AlreadyExists", $"repositories.config.porch.kpt.dev \"{name}\" already exists", PorchApi.ConfigGroup, Kind, name);
            }

            await CheckConflictAsync(registry, repository, request.Aborted).ConfigureAwait(false);

            repository.Metadata.Uid = Guid.NewGuid().ToString();
            repository.Metadata.CreationTimestamp = DateTimeOffset.UtcNow;
            repository.Metadata.Generation = 1;
            repository.Metadata.ResourceVersion = "1";
            if (dryRun)
            {
                return KubeJson.Result(Redacted(repository), PorchJsonContext.Default.Repository, 201);
            }

            RepositoryDeletion.AddFinalizer(repository);
            registry.AddOrUpdate(repository);
            ServerSideApply.Forget(registry, ns, name);
        }
        finally
        {
            WriteGate.Release();
        }

        await OpenAsync(http, repository, request.Aborted).ConfigureAwait(false);
        return KubeJson.Result(Redacted(repository), PorchJsonContext.Default.Repository, 201);
    }

    public static Task<IResult> ReplaceAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var repository = await KubeJson.ReadBodyAsync(request, PorchJsonContext.Default.Repository).ConfigureAwait(false);
        return await StoreUpdateAsync(http, ns, name, repository, SecretEndpoints.DryRun(request), request.Aborted).ConfigureAwait(false);
    });

    public static Task<IResult> PatchAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        if (ServerSideApply.IsApply(request.ContentType))
        {
            return await ApplyAsync(http, request, ns, name).ConfigureAwait(false);
        }

        // Repositories are a custom resource in Porch: apiserver has no strategic merge for them and answers 415.
        var patchType = JsonPatching.PatchType(request.ContentType);
        if (patchType == JsonPatching.StrategicMergePatch)
        {
            throw ApiStatusException.UnsupportedMediaType([JsonPatching.JsonPatch, JsonPatching.MergePatch, ServerSideApply.MediaType]);
        }

        var patch = await KubeJson.ReadBodyAsync(request).ConfigureAwait(false);
        var current = await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false);
        var patched = JsonPatching.Apply(KubeJson.ToNode(current, PorchJsonContext.Default.Repository), patch, patchType);
        return await StoreUpdateAsync(http, ns, name, KubeJson.FromNode(patched, PorchJsonContext.Default.Repository, request.Options.MaxJsonDepth), SecretEndpoints.DryRun(request), request.Aborted).ConfigureAwait(false);
    });

    /// <summary>
    /// Server-side apply: creates the Repository when there is none (201), otherwise merges the applied fields into it
    /// with <see cref="ServerSideApply"/>'s ownership and conflicts, then writes it as an update does.
    /// </summary>
    private static async Task<IResult> ApplyAsync(HttpContext http, RequestContext request, string ns, string name)
    {
        var manager = ServerSideApply.Manager(request);
        if (await KubeJson.ReadBodyAsync(request).ConfigureAwait(false) is not JsonObject applied)
        {
            throw ApiStatusException.BadRequest("the object provided is unrecognized or malformed: an apply patch is an object");
        }

        var registry = Registry(http);
        var leaves = ServerSideApply.Leaves(applied);
        var owners = ServerSideApply.OwnersOf(registry, ns, name);
        var dryRun = SecretEndpoints.DryRun(request);
        var current = await registry.GetRepositoryAsync(ns, name, request.Aborted).ConfigureAwait(false);
        if (current is null)
        {
            var created = KubeJson.FromNode(applied, PorchJsonContext.Default.Repository, request.Options.MaxJsonDepth);
            PackageRevisionEndpoints.CheckName(created.Metadata, name);
            var result = await CreateCoreAsync(http, request, ns, created).ConfigureAwait(false);
            if (!dryRun && await registry.GetRepositoryAsync(ns, name, request.Aborted).ConfigureAwait(false) == created)
            {
                ServerSideApply.Apply(new JsonObject(), leaves, manager, force: true, owners).Commit();
            }

            return result;
        }

        var currentNode = KubeJson.ToNode(current, PorchJsonContext.Default.Repository).AsObject();
        var (merged, commit) = ServerSideApply.Apply(currentNode, leaves, manager, ServerSideApply.Force(request), owners);
        if (applied["metadata"]?["resourceVersion"] is null)
        {
            merged["metadata"]!.AsObject().Remove("resourceVersion");
        }

        var repository = KubeJson.FromNode(merged, PorchJsonContext.Default.Repository, request.Options.MaxJsonDepth);
        var answer = await StoreUpdateAsync(http, ns, name, repository, dryRun, request.Aborted).ConfigureAwait(false);
        if (!dryRun)
        {
            commit();
        }

        return answer;
    }

    public static Task<IResult> DeleteAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var current = await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false);
        var registry = Registry(http);
        if (await SecretEndpoints.DeleteDryRunAsync(request).ConfigureAwait(false))
        {
            return KubeJson.Result(KubeStatus.Success(PorchApi.ConfigGroup, Kind, name));
        }

        return await RepositoryDeletion.DeleteAsync(http, registry, current, Redacted, request.Aborted).ConfigureAwait(false);
    });

    private static async Task<IResult> StoreUpdateAsync(HttpContext http, string ns, string name, Repository repository, bool dryRun, CancellationToken cancellationToken)
    {
        PackageRevisionEndpoints.CheckNamespace(repository.Metadata, ns);
        PackageRevisionEndpoints.CheckName(repository.Metadata, name);
        var registry = Registry(http);
        var current = await FindAsync(http, ns, name, cancellationToken).ConfigureAwait(false);
        Validate(repository, current);
        var remove = false;
        await WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var latest = await registry.GetRepositoryAsync(ns, name, cancellationToken).ConfigureAwait(false) ?? throw NotFound(ns, name);
            if (!string.IsNullOrEmpty(repository.Metadata.ResourceVersion) && repository.Metadata.ResourceVersion != latest.Metadata.ResourceVersion)
            {
                throw new PackageRevisionConflictException($"Operation cannot be fulfilled on repositories.config.porch.kpt.dev \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            // apiserver's order: the stale-version check, the object's own validation, then admission (Porch's webhook).
            remove = RepositoryDeletion.CheckTerminatingUpdate(repository, latest);
            await CheckConflictAsync(registry, repository, cancellationToken).ConfigureAwait(false);

            repository.Metadata.Uid = latest.Metadata.Uid;
            repository.Metadata.CreationTimestamp = latest.Metadata.CreationTimestamp;

            // The registry assigns the written object its resourceVersion; a dry run shows the current one.
            repository.Metadata.ResourceVersion = latest.Metadata.ResourceVersion;
            var specChanged = System.Text.Json.JsonSerializer.Serialize(repository.Spec, PorchJsonContext.Default.RepositorySpec) !=
                System.Text.Json.JsonSerializer.Serialize(latest.Spec, PorchJsonContext.Default.RepositorySpec);
            repository.Metadata.Generation = latest.Metadata.Generation + (specChanged ? 1 : 0);
            if (dryRun)
            {
                return KubeJson.Result(Redacted(repository), PorchJsonContext.Default.Repository);
            }

            if (remove)
            {
                // Removed as written (no finalizer left): the DELETED event shows the object without them.
                latest.Metadata.Finalizers = repository.Metadata.Finalizers;
                registry.Remove(ns, name);
                ServerSideApply.Forget(registry, ns, name);
            }
            else
            {
                registry.AddOrUpdate(repository);
            }
        }
        finally
        {
            WriteGate.Release();
        }

        if (remove)
        {
            await RepositoryDeletion.FinishAsync(http, repository, cancellationToken).ConfigureAwait(false);
        }
        else if (repository.Metadata.DeletionTimestamp is null)
        {
            await OpenAsync(http, repository, cancellationToken).ConfigureAwait(false);
        }

        return KubeJson.Result(Redacted(repository), PorchJsonContext.Default.Repository);
    }

    /// <summary>
    /// Opens (and so syncs) a repository right after it is applied; the cache writes its Ready condition into the
    /// object. A repository that cannot be opened stays registered with an Error condition, as Porch's controller does.
    /// </summary>
    /// <summary>How long a write waits for the repository to open before it answers without a Ready condition.</summary>
    private static readonly TimeSpan OpenWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opens the repository in the cache and records the outcome as its Ready condition. The request waits for at most
    /// <see cref="OpenWait"/>: a remote that never answers (git's own time-outs end the attempt later) must not hold a
    /// write, so the open goes on in the background, independent of the request, and sets the condition when it ends
    /// (as Porch's controller reconciles a Repository after the write).
    /// </summary>
    private static async Task OpenAsync(HttpContext http, Repository repository, CancellationToken cancellationToken)
    {
        var cache = http.RequestServices.GetRequiredService<IPackageCache>();
        var stopping = http.RequestServices.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var open = OpenInBackgroundAsync(cache, Registry(http), repository, stopping);
        await Task.WhenAny(open, Task.Delay(OpenWait, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task OpenInBackgroundAsync(IPackageCache cache, RepositoryRegistry registry, Repository repository, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await cache.OpenRepositoryAsync(repository, stopping).ConfigureAwait(false);
            if (!repository.Status.Conditions.Any(c => c.Type == PorchApi.RepositoryReadyCondition))
            {
                SetReady(registry, repository, ConditionStatus.True, PorchApi.ReasonReady, "Repository Ready");
            }
        }
        catch (PorchException ex)
        {
            SetReady(registry, repository, ConditionStatus.False, PorchApi.ReasonError, ex.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the background sync opens it at the next start.
        }
    }

    private static void SetReady(RepositoryRegistry registry, Repository repository, ConditionStatus status, string reason, string message)
    {
        // A new list, never an edit in place: a reader may be serializing the old one while a background open ends.
        var conditions = repository.Status.Conditions.Where(c => c.Type != PorchApi.RepositoryReadyCondition).ToList();
        conditions.Insert(0, new KubernetesCondition
        {
            Type = PorchApi.RepositoryReadyCondition,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = repository.Metadata.Generation,
            LastTransitionTime = DateTimeOffset.UtcNow,
        });
        repository.Status.Conditions = conditions;
        registry.StatusChanged(repository);
    }

    private static async Task<Repository> FindAsync(HttpContext http, string ns, string name, CancellationToken cancellationToken) =>
        await http.RequestServices.GetRequiredService<IReferenceResolver>().GetRepositoryAsync(ns, name, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(ns, name);

    private static RepositoryNotFoundException NotFound(string @namespace, string name) => new(@namespace, name);

    private static RepositoryRegistry Registry(HttpContext http) =>
        http.RequestServices.GetRequiredService<IReferenceResolver>() as RepositoryRegistry
            ?? throw new PackageValidationException("repositories are read-only here: the host's reference resolver manages them", PorchErrorCode.MethodNotSupported);

    /// <summary>
    /// The object as shown to clients: an address that carries credentials (from a source other than this API, which
    /// refuses them) is shown without them, so no reader ever sees a password.
    /// </summary>
    private static Repository Redacted(Repository repository)
    {
        var address = repository.Spec.Git?.Repo;
        if (string.IsNullOrEmpty(address) || GitAddressRules.Redact(address) == address)
        {
            return repository;
        }

        var copy = KubeJson.FromNode(KubeJson.ToNode(repository, PorchJsonContext.Default.Repository), PorchJsonContext.Default.Repository, int.MaxValue);
        copy.Spec.Git!.Repo = GitAddressRules.Redact(address);
        return copy;
    }

    /// <summary>
    /// On create the name rules (<see cref="RepositoryRules.NameErrors"/>); the CRD's rules (required repo, default
    /// branch main, immutable type/repo/branch/directory/registry) and
    /// <see cref="GitAddressRules"/>: no option-like, transport-smuggling, relative or credential-bearing address, no bad
    /// branch, no directory that leaves the repository.
    /// </summary>
    private static void Validate(Repository repository, Repository? previous)
    {
        var name = repository.Metadata.Name ?? "";
        var errors = previous is null ? RepositoryRules.NameErrors(name).ToList() : [];
        repository.Spec.Type ??= RepositoryType.Git;
        if (repository.Spec.Type == RepositoryType.Git)
        {
            if (repository.Spec.Git is null || string.IsNullOrEmpty(repository.Spec.Git.Repo))
            {
                errors.Add(FieldError.Required("spec.git.repo"));
            }
            else
            {
                if (string.IsNullOrEmpty(repository.Spec.Git.Branch))
                {
                    repository.Spec.Git.Branch = "main";
                }

                errors.AddRange(GitAddressRules.Validate(repository.Spec.Git));
            }
        }

        if (previous is not null)
        {
            Immutable(errors, "spec.type", previous.Spec.Type?.ToString(), repository.Spec.Type?.ToString());
            Immutable(errors, "spec.git.repo", GitAddressRules.Redact(previous.Spec.Git?.Repo), GitAddressRules.Redact(repository.Spec.Git?.Repo));
            Immutable(errors, "spec.git.branch", previous.Spec.Git?.Branch, repository.Spec.Git?.Branch);
            Immutable(errors, "spec.git.directory", previous.Spec.Git?.Directory ?? "", repository.Spec.Git?.Directory ?? "");
            Immutable(errors, "spec.oci.registry", previous.Spec.Oci?.Registry, repository.Spec.Oci?.Registry);
        }

        if (errors.Count > 0)
        {
            throw new PackageValidationException(new QualifiedName(PorchApi.ConfigGroup, "Repository", name), errors);
        }
    }

    /// <summary>Porch's repository webhook on create and update (after apiserver's own validation, as admission runs).</summary>
    private static async Task CheckConflictAsync(RepositoryRegistry registry, Repository repository, CancellationToken cancellationToken)
    {
        if (RepositoryRules.Conflict(repository, await registry.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false)) is { } conflict)
        {
            throw conflict;
        }
    }

    private static void Immutable(List<FieldError> errors, string field, string? before, string? after)
    {
        if (before != after)
        {
            errors.Add(FieldError.Invalid(field, after ?? "", field + " is immutable"));
        }
    }

    private static Task<IResult> Guard(HttpContext http, string? name, Func<RequestContext, Task<IResult>> handler) =>
        PackageRevisionEndpoints.Guard(http, Kind, name, handler, PorchApi.ConfigGroup);
}
