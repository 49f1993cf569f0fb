using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// kpt-functions-sdk's <c>runnerProcessor</c> (go/fn/runnerprocessor.go): how a catalog function built on
/// <c>fn.WithContext</c> takes its functionConfig. An empty config (no kind and no name, or the <c>function-input</c>
/// placeholder ConfigMap with empty <c>data</c>) gives the info result <c>`FunctionConfig` is not given</c>; a
/// ConfigMap (any version) gives its <c>data</c> to the runner's <c>map[string]string</c> field; the runner's own kind
/// in group <c>fn.kpt.dev</c> (any version) is decoded into the runner struct with <c>encoding/json</c>'s type rules;
/// anything else is <c>unknown FunctionConfig `Kind.group`, expect `Runner.fn.kpt.dev` or `ConfigMap.v1`</c>.
/// </summary>
internal static class SdkFunctionConfig
{
    /// <summary>The group the SDK takes a runner's own functionConfig kind from.</summary>
    public const string KptFunctionGroup = "fn.kpt.dev";

    /// <summary>A Go field type, as far as <c>encoding/json</c>'s type errors need it.</summary>
    public enum GoType
    {
        /// <summary><c>string</c>.</summary>
        String,

        /// <summary><c>bool</c>.</summary>
        Bool,

        /// <summary><c>map[string]string</c>.</summary>
        StringMap,

        /// <summary><c>map[string]bool</c>.</summary>
        BoolMap,
    }

    /// <summary>The SDK's <c>EmptyFunctionConfig</c> or <c>IsEmpty</c>: no config to read.</summary>
    public static bool IsEmpty(KubeObject? config) =>
        config is null
        || (config.Kind.Length == 0 && config.Name.Length == 0)
        || (config.Kind == "ConfigMap" && config.Name == "function-input" && config.Root.Get("data") is { Kind: YamlNodeKind.Mapping } data && data.Count == 0);

    /// <summary>apimachinery's <c>GroupKind.String()</c>: <c>Kind.group</c>, or <c>Kind</c> for the core group.</summary>
    public static string GroupKind(KubeObject config)
    {
        var apiVersion = config.ApiVersion;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return group.Length == 0 ? config.Kind : config.Kind + "." + group;
    }

    /// <summary>The config's group (the part of <c>apiVersion</c> before <c>/</c>, empty for the core group).</summary>
    public static string Group(KubeObject config)
    {
        var slash = config.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : config.ApiVersion[..slash];
    }

    /// <summary>The SDK's <c>config</c> error for a kind that is neither a ConfigMap nor the runner's own.</summary>
    public static string UnknownConfig(KubeObject config, string runnerName) =>
        $"unknown FunctionConfig `{GroupKind(config)}`, expect `{runnerName}.{KptFunctionGroup}` or `ConfigMap.v1`";

    /// <summary>Whether the config is the runner's own kind (<c>fn.kpt.dev</c>, any version).</summary>
    public static bool IsRunnerKind(KubeObject config, string runnerName) => Group(config) == KptFunctionGroup && config.Kind == runnerName;

    /// <summary>Whether the config is a ConfigMap of the core group (any version).</summary>
    public static bool IsConfigMap(KubeObject config) => Group(config).Length == 0 && config.Kind == "ConfigMap";

    /// <summary>
    /// The SDK's <c>o.As(runner)</c> type check: the first field (in the sorted key order of the JSON the object is
    /// turned into) whose value <c>encoding/json</c> cannot put into the Go field, as
    /// <c>unable to convert object to *pkg.Runner with error: json: cannot unmarshal array into Go struct field Runner.labels of type map[string]string</c>;
    /// null when every field fits. Fields the runner lacks are ignored, as <c>encoding/json</c> does.
    /// </summary>
    /// <param name="config">The functionConfig.</param>
    /// <param name="goPointerType">The Go pointer type name, e.g. <c>*setlabels.SetLabels</c>.</param>
    /// <param name="fields">The runner's JSON fields and their Go types.</param>
    public static string? ConversionError(KubeObject config, string goPointerType, IReadOnlyDictionary<string, GoType> fields)
    {
        var structName = goPointerType[(goPointerType.LastIndexOf('.') + 1)..];
        foreach (var (key, value) in config.Root.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal))
        {
            if (!fields.TryGetValue(key.Value, out var type) || value.IsNull)
            {
                continue;
            }

            var mismatch = Mismatch(value, type);
            if (mismatch is not null)
            {
                return $"unable to convert object to {goPointerType} with error: json: cannot unmarshal {mismatch.Value.JsonType} into Go struct field {structName}.{key.Value} of type {mismatch.Value.GoType}";
            }
        }

        return null;
    }

    private static (string JsonType, string GoType)? Mismatch(YamlNode value, GoType type)
    {
        switch (type)
        {
            case GoType.String:
            case GoType.Bool:
                var wanted = type == GoType.String ? "string" : "bool";
                var actual = JsonType(value);
                return actual == wanted ? null : (actual, wanted);
            default:
                if (value.Kind != YamlNodeKind.Mapping)
                {
                    return (JsonType(value), type == GoType.StringMap ? "map[string]string" : "map[string]bool");
                }

                var element = type == GoType.StringMap ? GoType.String : GoType.Bool;
                foreach (var (_, v) in value.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal))
                {
                    if (!v.IsNull && Mismatch(v, element) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
        }
    }

    /// <summary>The JSON type a YAML node becomes (YAML 1.1 plain scalars as kyaml resolves them).</summary>
    private static string JsonType(YamlNode node)
    {
        if (node.Kind == YamlNodeKind.Mapping)
        {
            return "object";
        }

        if (node.Kind == YamlNodeKind.Sequence)
        {
            return "array";
        }

        if (node.Style != YamlScalarStyle.Plain)
        {
            return "string";
        }

        var v = node.Value;
        if (v is "true" or "false" or "True" or "False" or "TRUE" or "FALSE")
        {
            return "bool";
        }

        return double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && !v.Contains('_', StringComparison.Ordinal)
            ? "number"
            : "string";
    }
}
