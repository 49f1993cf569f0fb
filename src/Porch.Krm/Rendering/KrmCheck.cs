using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>kpt's check that every resource handed to or returned by a function is KRM.</summary>
internal static class KrmCheck
{
    /// <summary>kpt's complaint about a resource that is not KRM (<c>resource must have `apiVersion`</c>, ...), or null.</summary>
    public static string? MissingField(KubeObject obj)
    {
        var root = obj.Root;
        var problem = IsBlank(root.Get("apiVersion")) ? "resource must have `apiVersion`"
            : IsBlank(root.Get("kind")) ? "resource must have `kind`"
            : IsBlank(root.Get("metadata")?.Get("name")) ? "resource must have `metadata.name`"
            : null;

        // A kustomization is exempt; only a resource missing a field needs that asked.
        return problem is null || IsKustomization(obj) ? null : problem;
    }

    /// <summary>Checks a list; the message names the file of the first offending resource.</summary>
    public static string? FirstProblem(IEnumerable<KubeObject> items)
    {
        foreach (var item in items)
        {
            if (MissingField(item) is { } problem)
            {
                return (item.PathAnnotation ?? "") + ": " + problem;
            }
        }

        return null;
    }

    private static bool IsBlank(YamlNode? node) => node is null || node.Kind != YamlNodeKind.Scalar || node.IsNull || node.Value.Length == 0;

    private static bool IsKustomization(KubeObject obj)
    {
        var path = (obj.PathAnnotation ?? "").AsSpan();
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name is "kustomization.yaml" or "kustomization.yml" or "Kustomization")
        {
            return true;
        }

        var apiVersion = obj.ApiVersion;
        return apiVersion.StartsWith("kustomize.config.k8s.io", StringComparison.Ordinal) || (apiVersion.Length == 0 && obj.Kind == "Kustomization");
    }
}
