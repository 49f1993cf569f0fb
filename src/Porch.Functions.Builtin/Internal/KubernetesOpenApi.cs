using System.Text.Json;
using Porch.Krm;
using Porch.Starlark;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// The value of <c>ctx.open_api</c>: a Swagger 2.0 shaped document of the Kubernetes v1.21.2 definitions kyaml embeds,
/// built from the embedded <c>k8s-openapi-facts.json</c>. Each definition has its <c>x-kubernetes-group-version-kind</c>
/// and the properties the facts record (object references as <c>$ref</c>, merge lists with their patch and list-map
/// extensions); descriptions, scalar property types and validation keywords of the full document are not included.
/// </summary>
internal static class KubernetesOpenApi
{
    private const string RefPrefix = "#/definitions/";

    /// <summary>Builds the document as a frozen value, safe to share between runs.</summary>
    public static StarlarkValue Build()
    {
        using var stream = KubernetesOpenApiFacts.Open();
        using var facts = JsonDocument.Parse(stream);
        var root = facts.RootElement;
        var definitions = new SortedDictionary<string, StarlarkDict>(StringComparer.Ordinal);

        StarlarkDict Definition(string name)
        {
            if (!definitions.TryGetValue(name, out var def))
            {
                def = new StarlarkDict();
                definitions[name] = def;
            }

            return def;
        }

        StarlarkDict Properties(string name)
        {
            var def = Definition(name);
            if (!def.TryGetValue("properties", out var props))
            {
                props = new StarlarkDict();
                def["properties"] = props;
            }

            return (StarlarkDict)props;
        }

        foreach (var kind in root.GetProperty("kinds").EnumerateArray())
        {
            if (!kind.TryGetProperty("definition", out var definition))
            {
                continue;
            }

            var def = Definition(definition.GetString()!);
            if (!def.TryGetValue("x-kubernetes-group-version-kind", out var gvks))
            {
                gvks = new StarlarkList();
                def["x-kubernetes-group-version-kind"] = gvks;
            }

            var (group, version) = KubeObjects.SplitApiVersion(kind.GetProperty("apiVersion").GetString()!);
            ((StarlarkList)gvks).Add(new StarlarkDict
            {
                ["group"] = new StarlarkString(group),
                ["kind"] = new StarlarkString(kind.GetProperty("kind").GetString()!),
                ["version"] = new StarlarkString(version),
            });
        }

        foreach (var def in root.GetProperty("refs").EnumerateObject())
        {
            var props = Properties(def.Name);
            foreach (var field in def.Value.EnumerateObject())
            {
                Definition(field.Value.GetString()!);
                props[field.Name] = new StarlarkDict { ["$ref"] = new StarlarkString(RefPrefix + field.Value.GetString()) };
            }
        }

        foreach (var def in root.GetProperty("listMerge").EnumerateObject())
        {
            var props = Properties(def.Name);
            foreach (var field in def.Value.EnumerateObject())
            {
                var list = new StarlarkDict { ["type"] = new StarlarkString("array") };
                foreach (var fact in field.Value.EnumerateObject())
                {
                    switch (fact.Name)
                    {
                        case "items":
                            Definition(fact.Value.GetString()!);
                            list["items"] = new StarlarkDict { ["$ref"] = new StarlarkString(RefPrefix + fact.Value.GetString()) };
                            break;
                        case "patchMergeKey":
                            list["x-kubernetes-patch-merge-key"] = new StarlarkString(fact.Value.GetString()!);
                            break;
                        case "patchStrategy":
                            list["x-kubernetes-patch-strategy"] = new StarlarkString(fact.Value.GetString()!);
                            break;
                        case "listType":
                            list["x-kubernetes-list-type"] = new StarlarkString(fact.Value.GetString()!);
                            break;
                        case "listMapKeys":
                            list["x-kubernetes-list-map-keys"] = new StarlarkList(fact.Value.EnumerateArray().Select(k => (StarlarkValue)new StarlarkString(k.GetString()!)));
                            break;
                    }
                }

                props[field.Name] = list;
            }
        }

        var defs = new StarlarkDict();
        foreach (var (name, def) in definitions)
        {
            defs[name] = def;
        }

        var document = new StarlarkDict
        {
            ["definitions"] = defs,
            ["info"] = new StarlarkDict { ["title"] = new StarlarkString("Kubernetes"), ["version"] = new StarlarkString("v1.21.2") },
            ["swagger"] = new StarlarkString("2.0"),
        };
        document.Freeze();
        return document;
    }
}
