using Porch.Krm;

namespace Porch.Engine.Tasks;

/// <summary>
/// kpt's builtin package-context generator (spec section 9.2): removes every <c>kptfile.kpt.dev</c> ConfigMap and
/// writes the one for the root Kptfile to <c>package-context.yaml</c>.
/// </summary>
internal static class PackageContextGenerator
{
    public const string ContextName = "kptfile.kpt.dev";

    public static void Apply(Dictionary<string, string> files, string packagePath)
    {
        foreach (var path in files.Keys.Where(PackageResources.IsResourceFile).ToList())
        {
            if (!files[path].Contains(ContextName, StringComparison.Ordinal))
            {
                continue;
            }

            var documents = KrmYaml.ReadDocuments(files[path], path);
            var kept = documents.Where(d => !IsContext(d.Root)).ToList();
            if (kept.Count == documents.Count)
            {
                continue;
            }

            if (kept.Count == 0)
            {
                files.Remove(path);
            }
            else
            {
                files[path] = KrmYaml.WriteDocuments(kept);
            }
        }

        var name = files.TryGetValue(Kptfile.FileName, out var kptfileText) ? Kptfile.Parse(kptfileText).Name ?? "" : "";
        files[PackageInitializer.PackageContextFileName] = PackageInitializer.PackageContextText(name, packagePath);
    }

    public static bool IsContext(YamlNode root) =>
        root.Kind == YamlNodeKind.Mapping &&
        root.Get("kind")?.Value == "ConfigMap" &&
        root.Get("apiVersion")?.Value == "v1" &&
        root.Get("metadata")?.Get("name")?.Value == ContextName;
}
