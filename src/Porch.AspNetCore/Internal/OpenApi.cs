using System.Text.Json.Nodes;
using Porch.Engine.Api;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// Minimal OpenAPI v3 documents: one schema per kind with its group-version-kind that accepts any fields, so
/// kubectl's validation and <c>kubectl apply</c> accept Porch objects; the server validates them itself.
/// </summary>
internal static class OpenApi
{
    private static readonly (string Group, string Version, (string Kind, string Resource)[] Kinds)[] Groups =
    [
        (PorchApi.Group, PorchApi.Version, [
            (PorchApi.PackageRevisionKind, PorchApi.PackageRevisionsResource),
            (PorchApi.PackageRevisionResourcesKind, PorchApi.PackageRevisionResourcesResource),
            (PorchApi.PorchPackageKind, PorchApi.PackagesResource)]),
        (PorchApi.ConfigGroup, PorchApi.Version, [(PorchApi.RepositoryKind, PorchApi.RepositoriesResource), ("PackageVariant", "packagevariants")]),
        (PorchApi.ConfigGroup, "v1alpha2", [("PackageVariantSet", "packagevariantsets")]),
    ];

    public static JsonObject V3Root()
    {
        var paths = new JsonObject();
        foreach (var (group, version, _) in Groups)
        {
            var path = "apis/" + group + "/" + version;
            paths[path] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + path };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? V3Group(string group, string version)
    {
        var kinds = Groups.FirstOrDefault(g => g.Group == group && g.Version == version).Kinds;
        if (kinds is null)
        {
            return null;
        }

        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var (kind, resource) in kinds)
        {
            // Announcing the fieldValidation parameter tells kubectl to leave validation to the server.
            var gvk = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind };
            JsonObject Operation() => new()
            {
                ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                ["responses"] = new JsonObject(),
            };
            paths[$"/apis/{group}/{version}/namespaces/{{namespace}}/{resource}/{{name}}"] = new JsonObject { ["put"] = Operation(), ["patch"] = Operation() };
            paths[$"/apis/{group}/{version}/namespaces/{{namespace}}/{resource}"] = new JsonObject { ["post"] = Operation() };
            schemas[string.Join('.', group.Split('.').Reverse()) + "." + version + "." + kind] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{kind} of {group}/{version}",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind }),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Porch for .NET", ["version"] = version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }
}
