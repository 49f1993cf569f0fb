using System.Reflection;
using System.Text.Json;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// kyaml's precomputed namespace scope of the Kubernetes built-in kinds (v1.21.2 OpenAPI data), read from the embedded
/// <c>k8s-openapi-facts.json</c>; kinds not listed have an unknown scope.
/// </summary>
internal static class NamespaceScope
{
    private const string ResourceName = "Porch.Functions.Builtin.k8s-openapi-facts.json";

    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), bool>> Table = new(Load);

    /// <summary>True for namespaced kinds, false for cluster-scoped ones, null when the kind is unknown.</summary>
    public static bool? IsNamespaced(string apiVersion, string kind) =>
        Table.Value.TryGetValue((apiVersion, kind), out var namespaced) ? namespaced : null;

    private static Dictionary<(string, string), bool> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The embedded resource " + ResourceName + " is missing.");
        using var doc = JsonDocument.Parse(stream);
        var table = new Dictionary<(string, string), bool>();
        foreach (var entry in doc.RootElement.GetProperty("namespaceScope").EnumerateArray())
        {
            table[(entry.GetProperty("apiVersion").GetString()!, entry.GetProperty("kind").GetString()!)] = entry.GetProperty("namespaced").GetBoolean();
        }

        return table;
    }
}
