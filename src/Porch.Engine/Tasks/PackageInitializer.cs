using System.Text;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Engine.Tasks;

/// <summary>
/// The files kpt's package initializer writes for Porch's <c>init</c> task (spec section 9.1): Kptfile, README.md and
/// the placeholder package-context.yaml, each only when absent.
/// </summary>
internal static class PackageInitializer
{
    public const string ReadmeFileName = "README.md";
    public const string PackageContextFileName = "package-context.yaml";

    public static Dictionary<string, string> Apply(string packageName, PackageInitTaskSpec? init, IReadOnlyDictionary<string, string> existing)
    {
        var files = new Dictionary<string, string>(existing, StringComparer.Ordinal);
        var prefix = string.IsNullOrEmpty(init?.Subpackage) ? "" : init.Subpackage.Trim('/') + "/";
        if (prefix.Length > 0)
        {
            PackagePath.Validate(prefix.TrimEnd('/'));
        }

        files.TryAdd(prefix + Kptfile.FileName, KptfileText(packageName, init));
        files.TryAdd(prefix + ReadmeFileName, ReadmeText(packageName, init?.Description ?? ""));
        files.TryAdd(prefix + PackageContextFileName, PackageContextText("example", packagePath: null));
        return files;
    }

    public static string KptfileText(string name, PackageInitTaskSpec? init)
    {
        var root = YamlNode.Mapping();
        root.SetString("apiVersion", Kptfile.KptApiVersion);
        root.SetString("kind", Kptfile.KptKind);
        var metadata = root.GetOrAddMapping("metadata");
        metadata.SetString("name", name);
        metadata.GetOrAddMapping("annotations").SetString(KrmAnnotations.LocalConfig, "true");
        var site = init?.Site;
        var description = init?.Description;
        var keywords = init?.Keywords ?? [];
        if (!string.IsNullOrEmpty(site) || !string.IsNullOrEmpty(description) || keywords.Count > 0)
        {
            var info = root.GetOrAddMapping("info");
            if (!string.IsNullOrEmpty(site))
            {
                info.SetString("site", site);
            }

            if (!string.IsNullOrEmpty(description))
            {
                info.SetString("description", description);
            }

            if (keywords.Count > 0)
            {
                var seq = YamlNode.Sequence();
                foreach (var k in keywords)
                {
                    seq.Add(YamlNode.String(k));
                }

                info.Set("keywords", seq);
            }
        }

        return KrmYaml.WriteDocuments([new YamlDocument(root) { SequenceIndent = SequenceIndentStyle.Compact }]);
    }

    public static string PackageContextText(string name, string? packagePath)
    {
        var root = YamlNode.Mapping();
        root.SetString("apiVersion", "v1");
        root.SetString("kind", "ConfigMap");
        var metadata = root.GetOrAddMapping("metadata");
        metadata.SetString("name", "kptfile.kpt.dev");
        metadata.GetOrAddMapping("annotations").SetString(KrmAnnotations.LocalConfig, "true");
        var data = root.GetOrAddMapping("data");
        data.SetString("name", name);
        if (!string.IsNullOrEmpty(packagePath))
        {
            data.SetString("package-path", packagePath);
        }

        return KrmYaml.WriteDocuments([new YamlDocument(root) { SequenceIndent = SequenceIndentStyle.Compact }]);
    }

    public static string ReadmeText(string name, string description)
    {
        var b = new StringBuilder();
        b.Append("# ").Append(name).Append("\n\n");
        b.Append("## Description\n").Append(description).Append("\n\n");
        b.Append("## Usage\n\n");
        b.Append("### Fetch the package\n");
        b.Append("`kpt pkg get REPO_URI[.git]/PKG_PATH[@VERSION] ").Append(name).Append("`\n");
        b.Append("Details: https://kpt.dev/reference/cli/pkg/get/\n\n");
        b.Append("### View package content\n");
        b.Append("`kpt pkg tree ").Append(name).Append("`\n");
        b.Append("Details: https://kpt.dev/reference/cli/pkg/tree/\n\n");
        b.Append("### Apply the package\n");
        b.Append("```\n");
        b.Append("kpt live init ").Append(name).Append('\n');
        b.Append("kpt live apply ").Append(name).Append(" --reconcile-timeout=2m --output=table\n");
        b.Append("```\n");
        b.Append("Details: https://kpt.dev/reference/cli/live/\n");
        return b.ToString();
    }
}
