using System.Text.Json.Nodes;
using Porch.Engine.Api;

namespace Porch.AspNetCore.Internal;

/// <summary>Table output (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>) with Porch's columns.</summary>
internal static class Tables
{
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject PackageRevisions(IEnumerable<PackageRevision> items, string? resourceVersion) => Table(
        [("Name", "string", "name"), ("Package", "string", ""), ("WorkspaceName", "string", ""), ("Revision", "integer", ""), ("Latest", "boolean", ""), ("Lifecycle", "string", ""), ("Repository", "string", "")],
        items.Select(pr => Row(
            pr.Metadata,
            pr.Metadata.Name,
            pr.Spec.PackageName,
            pr.Spec.WorkspaceName,
            pr.Spec.Revision,
            pr.Metadata.Labels.TryGetValue(PorchApi.LatestRevisionLabel, out var latest) && latest == PorchApi.LatestRevisionLabelValue,
            pr.Spec.Lifecycle?.ToString(),
            pr.Spec.Repository)),
        resourceVersion);

    public static JsonObject Resources(IEnumerable<PackageRevisionResources> items, string? resourceVersion) => Table(
        [("Name", "string", "name"), ("Package", "string", ""), ("WorkspaceName", "string", ""), ("Revision", "integer", ""), ("Repository", "string", ""), ("Files", "integer", "")],
        items.Select(r => Row(r.Metadata, r.Metadata.Name, r.Spec.PackageName, r.Spec.WorkspaceName, r.Spec.Revision, r.Spec.Repository, r.Spec.Resources.Count)),
        resourceVersion);

    public static JsonObject Packages(IEnumerable<PorchPackage> items, string? resourceVersion) => Table(
        [("Name", "string", "name"), ("Package", "string", ""), ("Repository", "string", ""), ("LatestRevision", "integer", "")],
        items.Select(p => Row(p.Metadata, p.Metadata.Name, p.Spec.PackageName, p.Spec.Repository, p.Status.LatestRevision)),
        resourceVersion);

    public static JsonObject Repositories(IEnumerable<Repository> items, string? resourceVersion) => Table(
        [("Name", "string", "name"), ("Type", "string", ""), ("Content", "string", ""), ("Deployment", "boolean", ""), ("Ready", "string", ""), ("Address", "string", "")],
        items.Select(r => Row(
            r.Metadata,
            r.Metadata.Name,
            r.Spec.Type?.ToString().ToLowerInvariant() ?? "git",
            r.Spec.Content ?? PorchApi.RepositoryContentPackage,
            r.Spec.Deployment,
            r.Status.Conditions.FirstOrDefault(c => c.Type == PorchApi.RepositoryReadyCondition)?.Status.ToString() ?? "",
            r.Spec.Git?.Repo ?? r.Spec.Oci?.Registry ?? "")),
        resourceVersion);

    /// <summary>Secrets as kubectl shows them (name, type, number of data keys); never a value.</summary>
    public static JsonObject Secrets(IEnumerable<JsonObject> items, string? resourceVersion) => Table(
        [("Name", "string", "name"), ("Type", "string", ""), ("Data", "integer", "")],
        items.Select(s => CoreRow(s, s["metadata"]?["name"]?.GetValue<string>(), s["type"]?.GetValue<string>(), (s["data"] as JsonObject)?.Count ?? 0)),
        resourceVersion);

    public static JsonObject Namespaces(IEnumerable<JsonObject> items, string? resourceVersion) => Table(
        [("Name", "string", "name"), ("Status", "string", "")],
        items.Select(n => CoreRow(n, n["metadata"]?["name"]?.GetValue<string>(), n["status"]?["phase"]?.GetValue<string>())),
        resourceVersion);

    private static JsonObject CoreRow(JsonObject item, params object?[] cells)
    {
        var metadata = item["metadata"] as JsonObject;
        var meta = new JsonObject();
        foreach (var key in new[] { "name", "namespace", "resourceVersion", "creationTimestamp" })
        {
            if (metadata?[key] is { } value)
            {
                meta[key] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(Cell).ToArray()),
            ["object"] = new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta },
        };
    }

    private static JsonObject Table(IReadOnlyList<(string Name, string Type, string Format)> columns, IEnumerable<JsonObject> rows, string? resourceVersion) => new()
    {
        ["kind"] = "Table",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion ?? "" },
        ["columnDefinitions"] = new JsonArray(columns.Select((c, i) => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["type"] = c.Type,
            ["format"] = c.Format,
            ["description"] = c.Name,
            ["priority"] = 0,
        }).ToArray()),
        ["rows"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()),
    };

    private static JsonObject Row(ObjectMeta metadata, params object?[] cells)
    {
        var meta = new JsonObject { ["name"] = metadata.Name, ["namespace"] = metadata.Namespace };
        if (metadata.ResourceVersion is not null)
        {
            meta["resourceVersion"] = metadata.ResourceVersion;
        }

        if (metadata.CreationTimestamp is { } created)
        {
            meta["creationTimestamp"] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        return new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(Cell).ToArray()),
            ["object"] = new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta },
        };
    }

    private static JsonNode? Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        int i => i,
        long l => l,
        bool b => b,
        _ => value.ToString(),
    };
}
