using System.Globalization;
using System.Text.RegularExpressions;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>set-namespace</c>: sets the namespace of namespace-scoped resources and the namespace references
/// of Namespace, CRD webhook, APIService and cluster-scoped (Cluster)RoleBinding subjects, optionally only where the
/// current value or the upstream origin equals <c>namespaceMatcher</c>, and rewrites <c>depends-on</c> annotations that
/// point into the package. Configuration errors are reported as an error result without failing the function.
/// </summary>
internal sealed partial class SetNamespaceFunction : IKrmFunction
{
    private const string DependsOnAnnotation = "config.kubernetes.io/depends-on";
    private const string ClusterScopedOrigin = "~C";

    public string Name => "set-namespace";

    /// <inheritdoc/>
    public bool SortsOutput => true;

    /// <inheritdoc/>
    /// <remarks>It reads and writes namespaces, the namespace fields of known kinds and the depends-on and upstream-identifier annotations only, and returns its input objects.</remarks>
    public bool ReadsItemIds => false;

    public bool Run(KrmFunctionContext context)
    {
        if (Configure(context.FunctionConfig) is not { } config)
        {
            return true;
        }

        var (newNamespace, matcher, error) = config;
        if (error is not null)
        {
            context.Results.Add(KubeObjects.ConfigError(error, context.FunctionConfig));
            return true;
        }

        var objects = context.Items.Where(o => !o.IsLocalConfig).ToList();
        var targets = objects.Select(o => (o.Group, o.Kind, o.Name)).ToHashSet();
        var oldValues = new SortedSet<string>(StringComparer.Ordinal);
        var changed = 0;

        void Visit(KubeObject obj, YamlNode owner, string key, string origin, bool reportOrigin)
        {
            if (origin == ClusterScopedOrigin)
            {
                return;
            }

            var current = KubeObjects.GetString(owner, key) ?? "";
            if (current.Length == 0)
            {
                current = "default";
            }

            if (current == newNamespace)
            {
                return;
            }

            if (matcher.Length > 0 && matcher != current)
            {
                if (matcher != origin)
                {
                    return;
                }

                if (reportOrigin)
                {
                    context.Add($"[{Describe(obj)}] has matching origin {origin}", "info");
                }
            }

            oldValues.Add(current);
            changed++;
            owner.SetString(key, newNamespace);
        }

        foreach (var obj in objects)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var namespaced = KubernetesOpenApiFacts.IsNamespaced(obj.ApiVersion, obj.Kind) ?? obj.Namespace.Length > 0;
            var origin = Origin(obj, namespaced);
            if (obj.IsGvk("", "v1", "Namespace") && !namespaced)
            {
                Visit(obj, obj.Root.GetOrAddMapping("metadata"), "name", origin.Name, reportOrigin: true);
            }
            else if (obj.IsGvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"))
            {
                if (KubeObjects.Get(obj.Root, "spec", "conversion", "webhook", "clientConfig", "service") is { Kind: YamlNodeKind.Mapping } service && service.Get("namespace") is not null)
                {
                    Visit(obj, service, "namespace", "", reportOrigin: false);
                }
            }
            else if (obj.IsGvk("apiregistration.k8s.io", "v1", "APIService"))
            {
                if (KubeObjects.Get(obj.Root, "spec", "service") is { Kind: YamlNodeKind.Mapping } service && service.Get("namespace") is not null)
                {
                    Visit(obj, service, "namespace", "", reportOrigin: false);
                }
            }
            else if (obj.Kind is "ClusterRoleBinding" or "RoleBinding" && !namespaced)
            {
                foreach (var subject in KubeObjects.Slice(obj.Root, "subjects"))
                {
                    if (subject.Kind == YamlNodeKind.Mapping && subject.Get("namespace") is not null)
                    {
                        Visit(obj, subject, "namespace", "", reportOrigin: false);
                    }
                }
            }
            else if (namespaced)
            {
                Visit(obj, obj.Root.GetOrAddMapping("metadata"), "namespace", origin.Namespace, reportOrigin: true);
            }
        }

        context.Add(
            changed > 0
                ? $"namespace [{string.Join(' ', oldValues)}] updated to \"{newNamespace}\", {changed.ToString(CultureInfo.InvariantCulture)} value(s) changed"
                : $"all matching namespaces are already \"{newNamespace}\". no value changed",
            "info");
        UpdateDependsOn(context, objects, targets, newNamespace, matcher);
        return true;
    }

    private static void UpdateDependsOn(KrmFunctionContext context, List<KubeObject> objects, HashSet<(string, string, string)> targets, string newNamespace, string matcher)
    {
        var oldValues = new SortedSet<string>(StringComparer.Ordinal);
        var changed = 0;
        foreach (var obj in objects)
        {
            if (obj.GetAnnotation(DependsOnAnnotation) is not { } dependsOn || NamespacedDependsOn().Match(dependsOn) is not { Success: true } match)
            {
                continue;
            }

            var group = match.Groups[1].Value;
            var ns = match.Groups[2].Value;
            var kind = match.Groups[3].Value;
            var name = match.Groups[4].Value;
            if (!targets.Contains((group, kind, name)) || ns == newNamespace || (matcher.Length > 0 && matcher != ns))
            {
                continue;
            }

            oldValues.Add(ns);
            changed++;
            obj.SetAnnotation(DependsOnAnnotation, $"{group}/namespaces/{newNamespace}/{kind}/{name}");
        }

        context.Add(
            changed > 0
                ? $"`depends-on` annotation namespace [{string.Join(' ', oldValues)}] updated to \"{newNamespace}\", {changed.ToString(CultureInfo.InvariantCulture)} value(s) changed"
                : "all `depends-on` annotations are up-to-date. no `namespace` changed",
            "info");
    }

    /// <summary>Reads the config; null when an error result was already added.</summary>
    private static (string Namespace, string Matcher, string? Error)? Configure(KubeObject? config)
    {
        if (config is null || (config.Kind.Length == 0 && config.Name.Length == 0))
        {
            return ("", "", "FunctionConfig is missing. Expect `ConfigMap.v1` or `SetNamespace.v1alpha1.fn.kpt.dev`");
        }

        if (config.IsGvk("", "v1", "ConfigMap"))
        {
            var ns = KubeObjects.GetString(config.Root, "data", "namespace") ?? "";
            if (ns.Length == 0 && config.Name == "kptfile.kpt.dev")
            {
                ns = KubeObjects.GetString(config.Root, "data", "name") ?? "";
            }

            return ns.Length == 0
                ? ("", "", "`data.namespace` should not be empty")
                : (ns, KubeObjects.GetString(config.Root, "data", "namespaceMatcher") ?? "", null);
        }

        if (config.IsGvk("fn.kpt.dev", "v1alpha1", "SetNamespace"))
        {
            var ns = KubeObjects.GetString(config.Root, "namespace") ?? "";
            return ns.Length == 0
                ? ("", "", "`namespace` should not be empty")
                : (ns, KubeObjects.GetString(config.Root, "namespaceMatcher") ?? "", null);
        }

        return ("", "", $"unknown functionConfig Kind={config.Kind} ApiVersion={config.ApiVersion}, expect `ConfigMap.v1` or `SetNamespace.v1alpha1.fn.kpt.dev`");
    }

    /// <summary>The upstream origin (<c>internal.kpt.dev/upstream-identifier</c>), else the object's own namespace and name.</summary>
    private static (string Namespace, string Name) Origin(KubeObject obj, bool namespaced)
    {
        if (obj.GetAnnotation(KrmAnnotations.UpstreamIdentifier) is { } id && id.Split('|') is { Length: 4 } parts)
        {
            return (parts[2], parts[3]);
        }

        var ns = obj.Namespace;
        return (ns.Length == 0 && namespaced ? "default" : ns, obj.Name);
    }

    private static string Describe(KubeObject obj) =>
        $"Resource(apiVersion={obj.ApiVersion}, kind={obj.Kind}, namespace={obj.Namespace}, name={obj.Name})";

    [GeneratedRegex(@"^([-.\w]*)/namespaces/([-.\w]*)/([-.\w]*)/([-.\w]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacedDependsOn();
}
