using Porch.Krm;

namespace Porch.Krm.Merge;

/// <summary>
/// Finds the schema of a resource: the versions of CustomResourceDefinitions found in the packages being merged first
/// (kpt adds them to kyaml's schema before merging), then kyaml's built-in Kubernetes data.
/// </summary>
internal sealed class MergeSchemaSet
{
    private readonly Dictionary<(string ApiVersion, string Kind), MergeSchema> _custom = new();

    /// <summary>A set with only the built-in Kubernetes kinds.</summary>
    public static MergeSchemaSet BuiltIn { get; } = new();

    /// <summary>Builds a set with the schemas of every CRD among <paramref name="objects"/>.</summary>
    public static MergeSchemaSet WithCrds(IEnumerable<YamlNode> objects)
    {
        var set = new MergeSchemaSet();
        foreach (var root in objects)
        {
            set.AddCrd(root);
        }

        return set.Count == 0 ? BuiltIn : set;
    }

    /// <summary>The number of custom schemas.</summary>
    public int Count => _custom.Count;

    /// <summary>The schema of a resource type, or null.</summary>
    public MergeSchema? ForResource(string apiVersion, string kind) =>
        _custom.TryGetValue((apiVersion, kind), out var schema) ? schema : MergeSchema.ForBuiltInKind(apiVersion, kind);

    private void AddCrd(YamlNode root)
    {
        if (root.Get("kind")?.Value != "CustomResourceDefinition" || root.Get("apiVersion")?.Value is not { } apiVersion
            || !apiVersion.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal) || root.Get("spec") is not { Kind: YamlNodeKind.Mapping } spec)
        {
            return;
        }

        var group = spec.Get("group")?.Value ?? "";
        var kind = spec.Get("names")?.Get("kind")?.Value ?? "";
        if (group.Length == 0 || kind.Length == 0)
        {
            return;
        }

        // apiextensions.k8s.io/v1beta1 may hold one schema for all versions in spec.validation.
        var shared = spec.Get("validation")?.Get("openAPIV3Schema");
        if (spec.Get("versions") is { Kind: YamlNodeKind.Sequence } versions)
        {
            foreach (var version in versions.Children)
            {
                var name = version.Get("name")?.Value;
                var schema = version.Get("schema")?.Get("openAPIV3Schema") ?? shared;
                if (!string.IsNullOrEmpty(name) && schema is { Kind: YamlNodeKind.Mapping })
                {
                    _custom[(group + "/" + name, kind)] = MergeSchema.FromOpenApiV3(schema);
                }
            }
        }
        else if (spec.Get("version")?.Value is { Length: > 0 } single && shared is { Kind: YamlNodeKind.Mapping })
        {
            _custom[(group + "/" + single, kind)] = MergeSchema.FromOpenApiV3(shared);
        }
    }
}
