using System.Globalization;
using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>SDK-style accessors over the node model (the function SDK's <c>KubeObject</c> helpers).</summary>
internal static class KubeObjects
{
    /// <summary>The SDK's lenient <c>IsGVK</c>: an empty group, version or kind on either side matches anything.</summary>
    public static bool IsGvk(this KubeObject obj, string group, string version, string kind)
    {
        var (objGroup, objVersion) = SplitApiVersion(obj.ApiVersion);
        return (kind.Length == 0 || obj.Kind.Length == 0 || obj.Kind == kind)
            && (group.Length == 0 || objGroup.Length == 0 || objGroup == group)
            && (version.Length == 0 || objVersion.Length == 0 || objVersion == version);
    }

    /// <summary>The group and version of an <c>apiVersion</c> (<c>apps/v1</c>: <c>apps</c>, <c>v1</c>; <c>v1</c>: empty, <c>v1</c>).</summary>
    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return ("", apiVersion);
        }

        // A package has a handful of apiVersions: the last few split are kept (per thread), so that a function
        // visiting every resource does not cut the same two strings out of each.
        var recent = t_recentApiVersions ??= new (string, string, string)[RecentApiVersions];
        foreach (var (text, group, version) in recent)
        {
            if (string.Equals(text, apiVersion, StringComparison.Ordinal))
            {
                return (group, version);
            }
        }

        var split = (apiVersion[..slash], apiVersion[(slash + 1)..]);
        recent[t_nextRecent] = (apiVersion, split.Item1, split.Item2);
        t_nextRecent = (t_nextRecent + 1) % RecentApiVersions;
        return split;
    }

    private const int RecentApiVersions = 8;

    [ThreadStatic]
    private static (string Text, string Group, string Version)[]? t_recentApiVersions;

    [ThreadStatic]
    private static int t_nextRecent;

    /// <summary>The scalar text at a path below <paramref name="node"/>, or null.</summary>
    public static string? GetString(YamlNode? node, params ReadOnlySpan<string> path)
    {
        var n = Get(node, path);
        return n is { Kind: YamlNodeKind.Scalar } && !n.IsNull ? n.Value : null;
    }

    /// <summary>The node at a path of mapping keys (or sequence indexes), or null.</summary>
    public static YamlNode? Get(YamlNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var step in path)
        {
            node = Step(node, step);
        }

        return node;
    }

    /// <summary>One step of <see cref="Get"/>: a mapping's value at a key, or a sequence's item at a decimal index.</summary>
    public static YamlNode? Step(YamlNode? node, string step) => node?.Kind switch
    {
        YamlNodeKind.Mapping => node.Get(step),
        YamlNodeKind.Sequence when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < node.Children.Count => node.Children[i],
        _ => null,
    };

    /// <summary>Sets a string at a path of mapping keys, creating mappings on the way; an existing string keeps its style.</summary>
    public static void SetString(YamlNode node, string value, params ReadOnlySpan<string> path)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            node = node.GetOrAddMapping(path[i]);
        }

        node.SetString(path[^1], value);
    }

    /// <summary>The mapping at <paramref name="key"/>, or null.</summary>
    public static YamlNode? Map(YamlNode? node, string key) => node?.Get(key) is { Kind: YamlNodeKind.Mapping } m ? m : null;

    /// <summary>The items of the sequence at <paramref name="key"/>, or none.</summary>
    public static IEnumerable<YamlNode> Slice(YamlNode? node, string key) => node?.Get(key) is { Kind: YamlNodeKind.Sequence } s ? s.Children : [];

    /// <summary>The string entries of a mapping (ConfigMap <c>data</c>, <c>labels</c>, ...), in order.</summary>
    public static List<KeyValuePair<string, string>> StringMap(YamlNode? map)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (map is { Kind: YamlNodeKind.Mapping })
        {
            foreach (var (k, v) in map.Entries)
            {
                if (v.Kind == YamlNodeKind.Scalar)
                {
                    list.Add(new(k.Value, v.IsNull ? "" : v.Value));
                }
            }
        }

        return list;
    }

    /// <summary>The file index annotation of an object, or null.</summary>
    public static int? FileIndex(KubeObject obj) =>
        int.TryParse(obj.GetAnnotation(KrmAnnotations.Index) ?? obj.GetAnnotation(KrmAnnotations.LegacyIndex), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>The SDK's result about a config object: its reference and file, index -1 when unknown.</summary>
    public static KrmResult ConfigError(string message, KubeObject? config)
    {
        return new KrmResult
        {
            Message = message,
            Severity = "error",
            ResourceApiVersion = config?.ApiVersion ?? "",
            ResourceKind = config?.Kind ?? "",
            ResourceName = config?.Name ?? "",
            ResourceNamespace = config?.Namespace ?? "",
            FilePath = config?.PathAnnotation,
            FileIndex = config is null ? -1 : FileIndex(config) ?? -1,
        };
    }
}
