using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore.Internal;

/// <summary>packagerevisions, their approval subresource, and packagerevisionresources.</summary>
internal static class PackageRevisionEndpoints
{
    private const string Kind = "packagerevisions";
    private const string ResourcesKind = "packagerevisionresources";

    public static Task<IResult> ListAsync(HttpContext http, string? ns) => Guard(http, Kind, null, async request =>
    {
        var filter = FieldSelectors.ParsePackageRevisionFilter(ns, request.Query("fieldSelector"), request.Query("labelSelector"));
        if (request.IsWatch)
        {
            await WatchStream.RunAsync(request, filter, (pr, _) => Task.FromResult<JsonNode?>(request.WantsTable
                ? Tables.PackageRevisions([pr], pr.Metadata.ResourceVersion)
                : KubeJson.ToNode(pr, PorchJsonContext.Default.PackageRevision)), PorchApi.PackageRevisionKind, request.Aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        var version = request.ListVersion();
        var items = await request.Engine.ListPackageRevisionsAsync(filter, request.Aborted).ConfigureAwait(false);
        var (page, next, remaining) = Paging.Apply(items, request);
        if (request.WantsTable)
        {
            var table = Tables.PackageRevisions(page, version);
            SetContinue(table, next, remaining);
            return KubeJson.Result(table);
        }

        var list = new PackageRevisionList { Items = [.. page], Metadata = new ListMeta { ResourceVersion = version, Continue = next, RemainingItemCount = remaining } };
        return KubeJson.Result(list, PorchJsonContext.Default.PackageRevisionList);
    });

    public static Task<IResult> GetAsync(HttpContext http, string ns, string name) => Guard(http, Kind, name, async request =>
    {
        var pr = await request.Engine.GetPackageRevisionAsync(ns, name, request.Aborted).ConfigureAwait(false);
        return request.WantsTable
            ? KubeJson.Result(Tables.PackageRevisions([pr], pr.Metadata.ResourceVersion))
            : KubeJson.Result(pr, PorchJsonContext.Default.PackageRevision);
    });

    public static Task<IResult> CreateAsync(HttpContext http, string ns) => Guard(http, Kind, null, async request =>
    {
        RefuseDryRun(request, Kind);
        var pr = await KubeJson.ReadBodyAsync(request, PorchJsonContext.Default.PackageRevision).ConfigureAwait(false);
        CheckNamespace(pr.Metadata, ns);
        var created = await request.Engine.CreatePackageRevisionAsync(pr, request.Aborted).ConfigureAwait(false);
        return KubeJson.Result(created, PorchJsonContext.Default.PackageRevision, 201);
    });

    public static Task<IResult> ReplaceAsync(HttpContext http, string ns, string name, bool approval) => Guard(http, Kind, name, async request =>
    {
        RefuseDryRun(request, Kind);
        var pr = await KubeJson.ReadBodyAsync(request, PorchJsonContext.Default.PackageRevision).ConfigureAwait(false);
        CheckNamespace(pr.Metadata, ns);
        CheckName(pr.Metadata, name);
        return await UpdateAsync(request, pr, approval, current: null).ConfigureAwait(false);
    });

    public static Task<IResult> PatchAsync(HttpContext http, string ns, string name, bool approval) => Guard(http, Kind, name, async request =>
    {
        RefuseDryRun(request, Kind);
        var patchType = JsonPatching.PatchType(request.ContentType);
        var patch = await KubeJson.ReadBodyAsync(request).ConfigureAwait(false);
        var current = await request.Engine.GetPackageRevisionAsync(ns, name, request.Aborted).ConfigureAwait(false);
        var patched = JsonPatching.Apply(KubeJson.ToNode(current, PorchJsonContext.Default.PackageRevision), patch, patchType);
        var pr = KubeJson.FromNode(patched, PorchJsonContext.Default.PackageRevision, request.Options.MaxJsonDepth);
        CheckNamespace(pr.Metadata, ns);
        CheckName(pr.Metadata, name);
        return await UpdateAsync(request, pr, approval, current).ConfigureAwait(false);
    });

    public static Task<IResult> DeleteAsync(HttpContext http, string ns, string name) => Guard(http, Kind, name, async request =>
    {
        if (await SecretEndpoints.DeleteDryRunAsync(request).ConfigureAwait(false))
        {
            throw DryRunNotSupported(Kind);
        }

        var deleted = await request.Engine.DeletePackageRevisionAsync(ns, name, request.Aborted).ConfigureAwait(false);
        // apiserver's delete.go: an object kept by its finalizers is answered 200 with the object (202 only when the
        // client asked for foreground cascading through the deprecated orphanDependents=false).
        return deleted.Metadata.DeletionTimestamp is not null
            ? KubeJson.Result(deleted, PorchJsonContext.Default.PackageRevision)
            : KubeJson.Result(KubeStatus.Success(PorchApi.Group, Kind, name));
    });

    public static Task<IResult> ListResourcesAsync(HttpContext http, string? ns) => Guard(http, ResourcesKind, null, async request =>
    {
        if (request.IsWatch)
        {
            return KubeStatus.Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", PorchApi.Group, ResourcesKind, null);
        }

        var filter = FieldSelectors.ParsePackageRevisionFilter(ns, request.Query("fieldSelector"), request.Query("labelSelector"));
        var version = request.ListVersion();
        var items = await request.Engine.ListPackageRevisionResourcesAsync(filter, request.Aborted).ConfigureAwait(false);
        var (page, next, remaining) = Paging.Apply(items, request);
        if (request.WantsTable)
        {
            var table = Tables.Resources(page, version);
            SetContinue(table, next, remaining);
            return KubeJson.Result(table);
        }

        var list = new PackageRevisionResourcesList { Items = [.. page], Metadata = new ListMeta { ResourceVersion = version, Continue = next, RemainingItemCount = remaining } };
        return KubeJson.Result(list, PorchJsonContext.Default.PackageRevisionResourcesList);
    });

    public static Task<IResult> GetResourcesAsync(HttpContext http, string ns, string name) => Guard(http, ResourcesKind, name, async request =>
    {
        var resources = await request.Engine.GetPackageRevisionResourcesAsync(ns, name, request.Aborted).ConfigureAwait(false);
        return request.WantsTable
            ? KubeJson.Result(Tables.Resources([resources], resources.Metadata.ResourceVersion))
            : KubeJson.Result(resources, PorchJsonContext.Default.PackageRevisionResources);
    });

    public static Task<IResult> ReplaceResourcesAsync(HttpContext http, string ns, string name) => Guard(http, ResourcesKind, name, async request =>
    {
        RefuseDryRun(request, ResourcesKind);
        var resources = await KubeJson.ReadBodyAsync(request, PorchJsonContext.Default.PackageRevisionResources).ConfigureAwait(false);
        CheckNamespace(resources.Metadata, ns);
        CheckName(resources.Metadata, name);
        var updated = await UpdateResourcesAsync(request, resources).ConfigureAwait(false);
        return KubeJson.Result(updated, PorchJsonContext.Default.PackageRevisionResources);
    });

    public static Task<IResult> PatchResourcesAsync(HttpContext http, string ns, string name) => Guard(http, ResourcesKind, name, async request =>
    {
        RefuseDryRun(request, ResourcesKind);
        var patchType = JsonPatching.PatchType(request.ContentType);
        var patch = await KubeJson.ReadBodyAsync(request).ConfigureAwait(false);
        var current = await request.Engine.GetPackageRevisionResourcesAsync(ns, name, request.Aborted).ConfigureAwait(false);
        var patched = JsonPatching.Apply(KubeJson.ToNode(current, PorchJsonContext.Default.PackageRevisionResources), patch, patchType);
        var resources = KubeJson.FromNode(patched, PorchJsonContext.Default.PackageRevisionResources, request.Options.MaxJsonDepth);
        CheckNamespace(resources.Metadata, ns);
        CheckName(resources.Metadata, name);
        var updated = await UpdateResourcesAsync(request, resources).ConfigureAwait(false);
        return KubeJson.Result(updated, PorchJsonContext.Default.PackageRevisionResources);
    });

    /// <summary>
    /// A package revision's writes run Git, render and push in one step that has no side-effect-free form, so
    /// <c>dryRun=All</c> is refused before anything runs rather than ignored (which would carry the write out).
    /// </summary>
    private static void RefuseDryRun(RequestContext request, string kind)
    {
        if (SecretEndpoints.DryRun(request))
        {
            throw DryRunNotSupported(kind);
        }
    }

    private static ApiStatusException DryRunNotSupported(string kind) =>
        new(400, "BadRequest", $"dryRun is not supported for {kind}.{PorchApi.Group}: nothing was changed");

    /// <summary>
    /// Porch's registry passes every engine failure of a resources update through <c>NewInternalError</c>: a stale
    /// <c>resourceVersion</c> is a 500 <c>Internal error occurred: Operation cannot be fulfilled ...</c> there, while
    /// the registry's own lock conflict stays a 409.
    /// </summary>
    private static async Task<PackageRevisionResources> UpdateResourcesAsync(RequestContext request, PackageRevisionResources resources)
    {
        try
        {
            return await request.Engine.UpdatePackageRevisionResourcesAsync(resources, request.Aborted).ConfigureAwait(false);
        }
        catch (PackageRevisionConflictException ex) when (ex.StaleResourceVersion)
        {
            throw new PackageValidationException(ex.Message, PorchErrorCode.RuleViolation, ex);
        }
    }

    internal static async Task<IResult> Guard(HttpContext http, string kind, string? name, Func<RequestContext, Task<IResult>> handler, string group = PorchApi.Group)
    {
        try
        {
            return await handler(new RequestContext(http)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            return KubeStatus.From(ex, group, kind, name);
        }
    }

    internal static void CheckNamespace(ObjectMeta metadata, string ns)
    {
        if (!string.IsNullOrEmpty(metadata.Namespace) && metadata.Namespace != ns)
        {
            throw new PackageValidationException("the namespace of the provided object does not match the namespace sent on the request", PorchErrorCode.BadRequest);
        }

        metadata.Namespace = ns;
    }

    internal static void CheckName(ObjectMeta metadata, string name)
    {
        if (!string.IsNullOrEmpty(metadata.Name) && metadata.Name != name)
        {
            throw new PackageValidationException($"the name of the object ({metadata.Name}) does not match the name on the URL ({name})", PorchErrorCode.BadRequest);
        }

        metadata.Name = name;
    }

    /// <summary>
    /// The fields that name a revision (<c>spec.packageName</c>, <c>spec.repository</c>, <c>spec.workspaceName</c>)
    /// cannot change: a different non-empty value is 422 with apimachinery's <c>field is immutable</c>.
    /// </summary>
    private static void CheckImmutable(PackageRevision pr, PackageRevision current)
    {
        var errors = new List<FieldError>();
        Immutable(errors, "spec.packageName", current.Spec.PackageName, pr.Spec.PackageName);
        Immutable(errors, "spec.repository", current.Spec.Repository, pr.Spec.Repository);
        Immutable(errors, "spec.workspaceName", current.Spec.WorkspaceName, pr.Spec.WorkspaceName);
        if (errors.Count > 0)
        {
            throw new PackageValidationException(new QualifiedName(PorchApi.Group, "PackageRevision", pr.Metadata.Name ?? ""), errors);
        }
    }

    private static void Immutable(List<FieldError> errors, string field, string? before, string? after)
    {
        if (!string.IsNullOrEmpty(after) && !string.Equals(before, after, StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(field, after, "field is immutable"));
        }
    }

    internal static void SetContinue(JsonObject table, string? next, long? remaining)
    {
        if (next is not null)
        {
            table["metadata"]!["continue"] = next;
            table["metadata"]!["remainingItemCount"] = remaining;
        }
    }

    private static async Task<IResult> UpdateAsync(RequestContext request, PackageRevision pr, bool approval, PackageRevision? current)
    {
        current ??= await request.Engine.GetPackageRevisionAsync(pr.Metadata.Namespace ?? "", pr.Metadata.Name ?? "", request.Aborted).ConfigureAwait(false);
        CheckImmutable(pr, current);
        var updated = approval
            ? await request.Engine.UpdatePackageRevisionApprovalAsync(pr, request.Aborted).ConfigureAwait(false)
            : await request.Engine.UpdatePackageRevisionAsync(pr, request.Aborted).ConfigureAwait(false);
        return KubeJson.Result(updated, PorchJsonContext.Default.PackageRevision);
    }
}
