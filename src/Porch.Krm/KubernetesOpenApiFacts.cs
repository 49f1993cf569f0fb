using System.Text.Json;

namespace Porch.Krm;

/// <summary>
/// The Kubernetes v1.21.2 OpenAPI facts kyaml embeds, embedded once in this package: each built-in kind's definition,
/// the list-merge keys and strategies of their fields, and which kinds are namespaced. The three-way merge reads them,
/// and so do functions that need the schema (set-namespace's scope, starlark's <c>ctx.open_api</c>).
/// </summary>
public static class KubernetesOpenApiFacts
{
    private const string ResourceName = "Porch.Krm.k8s-openapi-facts.json";

    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), bool>> Scope = new(LoadScope);

    /// <summary>Opens the facts document (JSON: <c>kinds</c>, <c>definitions</c>, <c>namespaceScope</c>) for reading.</summary>
    /// <returns>A new stream over the embedded document; the caller disposes it.</returns>
    public static Stream Open() =>
        typeof(KubernetesOpenApiFacts).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException("The embedded resource " + ResourceName + " is missing.");

    /// <summary>Tells whether a built-in kind is namespaced, as kyaml's precomputed scope table does.</summary>
    /// <param name="apiVersion">The kind's API version, for example <c>apps/v1</c>.</param>
    /// <param name="kind">The kind, for example <c>Deployment</c>.</param>
    /// <returns>True for namespaced kinds, false for cluster-scoped ones, null when the kind is not a built-in one.</returns>
    public static bool? IsNamespaced(string apiVersion, string kind) =>
        Scope.Value.TryGetValue((apiVersion, kind), out var namespaced) ? namespaced : null;

    private static Dictionary<(string, string), bool> LoadScope()
    {
        using var stream = Open();
        using var doc = JsonDocument.Parse(stream);
        var table = new Dictionary<(string, string), bool>();
        foreach (var entry in doc.RootElement.GetProperty("namespaceScope").EnumerateArray())
        {
            table[(entry.GetProperty("apiVersion").GetString()!, entry.GetProperty("kind").GetString()!)] = entry.GetProperty("namespaced").GetBoolean();
        }

        return table;
    }
}
