using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;
using Porch.PackageVariants;
using Porch.PackageVariants.Api;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// config.porch.kpt.dev PackageVariants (v1alpha1) and PackageVariantSets (v1alpha2), kept in the
/// <see cref="PackageVariantStore"/> the controllers reconcile from: CRUD, patch, the status subresource, label
/// selectors, watch and Table output (Porch's CRDs print NAME and AGE; <c>-o wide</c> adds the conditions).
/// Finalizers hold a deleted object until the controller removes them.
/// </summary>
internal static class PackageVariantEndpoints
{
    private const string V1Alpha1 = "/apis/" + PackageVariantApi.Group + "/v1alpha1";
    private const string V1Alpha2 = "/apis/" + PackageVariantApi.Group + "/v1alpha2";

    private sealed record Kind<T>(
        string Resource,
        string KindName,
        JsonTypeInfo<T> Type,
        Func<T, ObjectMeta> Metadata,
        Func<PackageVariantStore, string?, IReadOnlyList<T>> List,
        Func<PackageVariantStore, string, string, T?> Get,
        Func<PackageVariantStore, T, T> Create,
        Func<PackageVariantStore, T, T> Update,
        Func<PackageVariantStore, T, T> UpdateStatus,
        Func<PackageVariantStore, string, string, T> Delete,
        Func<IReadOnlyList<T>, string, JsonNode> ToList,
        Func<T, List<KubernetesCondition>?> Conditions,
        Func<T, string> Detail,
        Action<PackageVariantStore, Action<string, string, StoreChangeType>> Subscribe,
        Action<PackageVariantStore, Action<string, string, StoreChangeType>> Unsubscribe)
        where T : class;

    private static readonly Kind<PackageVariant> Variants = new(
        PackageVariantApi.PackageVariantsResource, PackageVariantApi.PackageVariantKind, PackageVariantJsonContext.Default.PackageVariant, v => v.Metadata,
        (s, ns) => s.ListPackageVariants(ns), (s, ns, n) => s.GetPackageVariant(ns, n), (s, v) => s.CreatePackageVariant(v), (s, v) => s.UpdatePackageVariant(v),
        (s, v) => s.UpdatePackageVariantStatus(v), (s, ns, n) => s.DeletePackageVariant(ns, n),
        (items, rv) => KubeJson.ToNode(new PackageVariantList { Items = [.. items], Metadata = new ListMeta { ResourceVersion = rv } }, PackageVariantJsonContext.Default.PackageVariantList),
        v => v.Status.Conditions,
        v => string.Join(",", (v.Status.DownstreamTargets ?? []).Select(t => t.Name)),
        (s, h) => s.PackageVariantChanged += h, (s, h) => s.PackageVariantChanged -= h);

    private static readonly Kind<PackageVariantSet> Sets = new(
        PackageVariantApi.PackageVariantSetsResource, PackageVariantApi.PackageVariantSetKind, PackageVariantJsonContext.Default.PackageVariantSet, v => v.Metadata,
        (s, ns) => s.ListPackageVariantSets(ns), (s, ns, n) => s.GetPackageVariantSet(ns, n), (s, v) => s.CreatePackageVariantSet(v), (s, v) => s.UpdatePackageVariantSet(v),
        (s, v) => s.UpdatePackageVariantSetStatus(v), (s, ns, n) => s.DeletePackageVariantSet(ns, n),
        (items, rv) => KubeJson.ToNode(new PackageVariantSetList { Items = [.. items], Metadata = new ListMeta { ResourceVersion = rv } }, PackageVariantJsonContext.Default.PackageVariantSetList),
        v => v.Status.Conditions,
        v => v.Spec.Upstream is { } u ? $"{u.Repo}/{u.Package}" : "",
        (s, h) => s.PackageVariantSetChanged += h, (s, h) => s.PackageVariantSetChanged -= h);

    /// <summary>Maps both kinds and the v1alpha2 discovery document.</summary>
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet(V1Alpha2, () => KubeJson.Result(Discovery.PackageVariantSetResources()));
        MapKind(api, V1Alpha1, Variants);
        MapKind(api, V1Alpha2, Sets);
    }

    private static void MapKind<T>(IEndpointRouteBuilder api, string prefix, Kind<T> kind)
        where T : class
    {
        var collection = prefix + "/namespaces/{ns}/" + kind.Resource;
        api.MapGet(prefix + "/" + kind.Resource, (Delegate)((HttpContext h) => ListAsync(h, null, kind)));
        api.MapGet(collection, (HttpContext h, string ns) => ListAsync(h, ns, kind));
        api.MapPost(collection, (HttpContext h, string ns) => Guard(h, kind, null, async request =>
        {
            var item = await KubeJson.ReadBodyAsync(request, kind.Type).ConfigureAwait(false);
            PackageRevisionEndpoints.CheckNamespace(kind.Metadata(item), ns);
            return KubeJson.Result(kind.Create(Store(h), item), kind.Type, 201);
        }));
        api.MapGet(collection + "/{name}", (HttpContext h, string ns, string name) => Guard(h, kind, name, request =>
        {
            var item = Find(h, kind, ns, name);
            return Task.FromResult(request.WantsTable ? KubeJson.Result(Table([item], kind, kind.Metadata(item).ResourceVersion)) : KubeJson.Result(item, kind.Type));
        }));
        api.MapGet(collection + "/{name}/status", (HttpContext h, string ns, string name) => Guard(h, kind, name, _ => Task.FromResult(KubeJson.Result(Find(h, kind, ns, name), kind.Type))));
        foreach (var status in new[] { false, true })
        {
            var path = collection + "/{name}" + (status ? "/status" : "");
            var write = status ? kind.UpdateStatus : kind.Update;
            api.MapPut(path, (HttpContext h, string ns, string name) => Guard(h, kind, name, async request =>
            {
                var item = await KubeJson.ReadBodyAsync(request, kind.Type).ConfigureAwait(false);
                PackageRevisionEndpoints.CheckNamespace(kind.Metadata(item), ns);
                PackageRevisionEndpoints.CheckName(kind.Metadata(item), name);
                return KubeJson.Result(write(Store(h), item), kind.Type);
            }));
            api.MapPatch(path, (HttpContext h, string ns, string name) => Guard(h, kind, name, async request =>
            {
                var patchType = JsonPatching.PatchType(request.ContentType);
                var patch = await KubeJson.ReadBodyAsync(request).ConfigureAwait(false);
                var current = Find(h, kind, ns, name);
                var patched = KubeJson.FromNode(JsonPatching.Apply(KubeJson.ToNode(current, kind.Type), patch, patchType), kind.Type, request.Options.MaxJsonDepth);
                PackageRevisionEndpoints.CheckNamespace(kind.Metadata(patched), ns);
                PackageRevisionEndpoints.CheckName(kind.Metadata(patched), name);
                return KubeJson.Result(write(Store(h), patched), kind.Type);
            }));
        }

        api.MapDelete(collection + "/{name}", (HttpContext h, string ns, string name) => Guard(h, kind, name, _ =>
        {
            var deleted = kind.Delete(Store(h), ns, name);

            // apiserver's delete.go: kept by its finalizers, the object is answered with 200.
            return Task.FromResult(kind.Metadata(deleted).Finalizers.Count > 0
                ? KubeJson.Result(deleted, kind.Type)
                : KubeJson.Result(KubeStatus.Success(PackageVariantApi.Group, kind.Resource, name)));
        }));
    }

    private static Task<IResult> ListAsync<T>(HttpContext http, string? ns, Kind<T> kind)
        where T : class => Guard(http, kind, null, async request =>
    {
        var store = Store(http);
        var selector = request.Query("labelSelector") is { Length: > 0 } text ? LabelSelector.Parse(text) : null;
        IReadOnlyList<T> Select() => [.. kind.List(store, ns).Where(i => selector is null || selector.Matches(kind.Metadata(i).Labels))];
        if (request.IsWatch)
        {
            await WatchAsync(request, store, kind, Select, ns).ConfigureAwait(false);
            return Results.Empty;
        }

        var items = Select();
        var version = items.Select(i => long.Parse(kind.Metadata(i).ResourceVersion ?? "0", CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max().ToString(CultureInfo.InvariantCulture);
        var (page, next, remaining) = Paging.Apply(items, request);
        if (request.WantsTable)
        {
            var table = Table(page, kind, version);
            PackageRevisionEndpoints.SetContinue(table, next, remaining);
            return KubeJson.Result(table);
        }

        var list = kind.ToList(page, version);
        if (next is not null)
        {
            list["metadata"]!["continue"] = next;
            list["metadata"]!["remainingItemCount"] = remaining;
        }

        return KubeJson.Result(list);
    });

    /// <summary>ADDED for every current object, then one event per change of the kind in the namespace, until the client goes.</summary>
    private static async Task WatchAsync<T>(RequestContext request, PackageVariantStore store, Kind<T> kind, Func<IReadOnlyList<T>> select, string? ns)
        where T : class
    {
        var changes = Channel.CreateBounded<(string Namespace, string Name, StoreChangeType Type)>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChange(string changedNs, string name, StoreChangeType type) => changes.Writer.TryWrite((changedNs, name, type));
        kind.Subscribe(store, OnChange);
        var response = request.Http.Response;
        try
        {
            response.StatusCode = 200;
            response.ContentType = KubeJson.ContentType;
            await response.StartAsync(request.Aborted).ConfigureAwait(false);
            var known = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var item in select())
            {
                var node = Node(request, kind, item);
                known[Key(kind.Metadata(item))] = node;
                await WriteAsync(response, "ADDED", node, request.Aborted).ConfigureAwait(false);
            }

            await foreach (var (changedNs, name, type) in changes.Reader.ReadAllAsync(request.Aborted).ConfigureAwait(false))
            {
                if (ns is not null && changedNs != ns)
                {
                    continue;
                }

                var key = changedNs + "/" + name;
                var current = kind.Get(store, changedNs, name);
                if (current is null || type == StoreChangeType.Deleted)
                {
                    if (known.Remove(key, out var last))
                    {
                        await WriteAsync(response, "DELETED", last, request.Aborted).ConfigureAwait(false);
                    }

                    continue;
                }

                var node = Node(request, kind, current);
                var added = known.TryAdd(key, node);
                known[key] = node;
                await WriteAsync(response, added ? "ADDED" : "MODIFIED", node, request.Aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (request.Aborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            kind.Unsubscribe(store, OnChange);
        }
    }

    private static string Key(ObjectMeta metadata) => metadata.Namespace + "/" + metadata.Name;

    private static JsonNode Node<T>(RequestContext request, Kind<T> kind, T item)
        where T : class => request.WantsTable ? Table([item], kind, kind.Metadata(item).ResourceVersion) : KubeJson.ToNode(item, kind.Type);

    private static async Task WriteAsync(HttpResponse response, string type, JsonNode node, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = node.DeepClone() }.ToJsonString() + "\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The CRD table: NAME and AGE (Porch's CRDs declare no printer columns), and at priority 1 the conditions.</summary>
    private static JsonObject Table<T>(IEnumerable<T> items, Kind<T> kind, string? resourceVersion)
        where T : class
    {
        JsonObject Column(string name, string type, string format, int priority) => new()
        {
            ["name"] = name,
            ["type"] = type,
            ["format"] = format,
            ["description"] = name,
            ["priority"] = priority,
        };
        var detail = kind.KindName == PackageVariantApi.PackageVariantKind ? "Downstream" : "Upstream";
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var meta = kind.Metadata(item);
            var created = meta.CreationTimestamp?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
            var conditions = kind.Conditions(item) ?? [];
            string Condition(string type) => conditions.FirstOrDefault(c => c.Type == type)?.Status.ToString() ?? "";
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray(meta.Name, created, Condition(PackageVariantApi.ConditionTypeReady), Condition(PackageVariantApi.ConditionTypeStalled), kind.Detail(item)),
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = new JsonObject { ["name"] = meta.Name, ["namespace"] = meta.Namespace, ["resourceVersion"] = meta.ResourceVersion, ["creationTimestamp"] = created },
                },
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion ?? "" },
            ["columnDefinitions"] = new JsonArray(
                Column("Name", "string", "name", 0),
                Column("Age", "date", "", 0),
                Column("Ready", "string", "", 1),
                Column("Stalled", "string", "", 1),
                Column(detail, "string", "", 1)),
            ["rows"] = rows,
        };
    }

    private static T Find<T>(HttpContext http, Kind<T> kind, string ns, string name)
        where T : class =>
        kind.Get(Store(http), ns, name) ?? throw new PackageValidationException($"{kind.Resource}.{PackageVariantApi.Group} \"{name}\" not found", PorchErrorCode.NotFound);

    private static PackageVariantStore Store(HttpContext http) =>
        http.RequestServices.GetService<PackageVariantStore>()
            ?? throw new PackageValidationException("package variants are not served here: the host did not register WithPackageVariants()", PorchErrorCode.MethodNotSupported);

    private static Task<IResult> Guard<T>(HttpContext http, Kind<T> kind, string? name, Func<RequestContext, Task<IResult>> handler)
        where T : class => PackageRevisionEndpoints.Guard(http, kind.Resource, name, handler, PackageVariantApi.Group);
}
