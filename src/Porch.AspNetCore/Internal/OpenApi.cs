using System.Text.Json.Nodes;
using Porch.Engine.Api;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// Minimal OpenAPI v3 documents: one schema per kind with its group-version-kind that accepts any fields, so
/// kubectl's validation and <c>kubectl apply</c> accept Porch objects; the server validates them itself.
/// </summary>
internal static class OpenApi
{
    private static readonly (string Group, (string Kind, string Resource)[] Kinds)[] Groups =
    [
        (PorchApi.Group, [
            (PorchApi.PackageRevisionKind, PorchApi.PackageRevisionsResource),
            (PorchApi.PackageRevisionResourcesKind, PorchApi.PackageRevisionResourcesResource),
            (PorchApi.PorchPackageKind, PorchApi.PackagesResource)]),
        (PorchApi.ConfigGroup, [(PorchApi.RepositoryKind, PorchApi.RepositoriesResource)]),
    ];

    public static JsonObject V3Root()
    {
        var paths = new JsonObject();
        foreach (var (group, _) in Groups)
        {
            var path = "apis/" + group + "/" + PorchApi.Version;
            paths[path] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + path };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? V3Group(string group)
    {
        var kinds = Groups.FirstOrDefault(g => g.Group == group).Kinds;
        if (kinds is null)
        {
            return null;
        }

        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var (kind, resource) in kinds)
        {
            // Announcing the fieldValidation parameter tells kubectl to leave validation to the server.
            var gvk = new JsonObject { ["group"] = group, ["version"] = PorchApi.Version, ["kind"] = kind };
            JsonObject Operation() => new()
            {
                ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
                ["responses"] = new JsonObject(),
            };
            paths[$"/apis/{group}/{PorchApi.Version}/namespaces/{{namespace}}/{resource}/{{name}}"] = new JsonObject { ["put"] = Operation(), ["patch"] = Operation() };
            paths[$"/apis/{group}/{PorchApi.Version}/namespaces/{{namespace}}/{resource}"] = new JsonObject { ["post"] = Operation() };
            schemas[string.Join('.', group.Split('.').Reverse()) + "." + PorchApi.Version + "." + kind] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{kind} of {group}/{PorchApi.Version}",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["version"] = PorchApi.Version, ["kind"] = kind }),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Porch for .NET", ["version"] = PorchApi.Version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }
}
