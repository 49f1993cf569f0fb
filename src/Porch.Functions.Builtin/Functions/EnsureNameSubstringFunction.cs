using System.Text.RegularExpressions;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>ensure-name-substring</c>: prepends or appends a substring to <c>metadata.name</c> (and any extra
/// field specs) unless it is already there, skipping CRDs, APIServices and Namespaces, then fixes name references of
/// renamed resources (kustomize's common name-reference fields) and <c>depends-on</c> annotations.
/// </summary>
internal sealed partial class EnsureNameSubstringFunction : IKrmFunction
{
    private const string DependsOnAnnotation = "config.kubernetes.io/depends-on";

    private static readonly string[] PodSpecRoots = ["spec/template/spec", "spec/jobTemplate/spec/template/spec", "spec"];

    /// <summary>Name references: referenced kind, referrer kind (empty = any with a pod spec), field path below the referrer.</summary>
    private static readonly (string Target, string Referrer, string Path)[] References =
    [
        ("ConfigMap", "", "volumes/configMap/name"),
        ("ConfigMap", "", "volumes/projected/sources/configMap/name"),
        ("ConfigMap", "", "containers/env/valueFrom/configMapKeyRef/name"),
        ("ConfigMap", "", "initContainers/env/valueFrom/configMapKeyRef/name"),
        ("ConfigMap", "", "containers/envFrom/configMapRef/name"),
        ("ConfigMap", "", "initContainers/envFrom/configMapRef/name"),
        ("Secret", "", "volumes/secret/secretName"),
        ("Secret", "", "volumes/projected/sources/secret/name"),
        ("Secret", "", "containers/env/valueFrom/secretKeyRef/name"),
        ("Secret", "", "initContainers/env/valueFrom/secretKeyRef/name"),
        ("Secret", "", "containers/envFrom/secretRef/name"),
        ("Secret", "", "initContainers/envFrom/secretRef/name"),
        ("Secret", "", "imagePullSecrets/name"),
        ("ServiceAccount", "", "serviceAccountName"),
        ("PersistentVolumeClaim", "", "volumes/persistentVolumeClaim/claimName"),
        ("Secret", "ServiceAccount", "/secrets/name"),
        ("Secret", "ServiceAccount", "/imagePullSecrets/name"),
        ("Service", "StatefulSet", "/spec/serviceName"),
        ("Service", "Ingress", "/spec/rules/http/paths/backend/service/name"),
        ("Service", "Ingress", "/spec/defaultBackend/service/name"),
        ("Service", "Ingress", "/spec/rules/http/paths/backend/serviceName"),
        ("Service", "Ingress", "/spec/backend/serviceName"),
        ("Service", "APIService", "/spec/service/name"),
    ];

    public string Name => "ensure-name-substring";

    public bool Run(KrmFunctionContext context)
    {
        var (substring, prepend, specs) = Configure(context.FunctionConfig);
        var renames = new Dictionary<(string Kind, string Namespace, string Name), string>();
        foreach (var obj in context.Items)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (obj.Kind is "CustomResourceDefinition" or "Namespace" || (obj.Kind == "APIService" && obj.Group == "apiregistration.k8s.io"))
            {
                continue;
            }

            foreach (var spec in specs.Where(s => s.Selects(obj)))
            {
                if (spec.Path == "metadata/name")
                {
                    var name = obj.Name;
                    if (name.Contains(substring, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var renamed = prepend ? substring + name : name + substring;
                    renames[(obj.Kind, obj.Namespace, name)] = renamed;
                    obj.Name = renamed;
                    continue;
                }

                foreach (var (node, _) in new FieldSpec(spec.Group, spec.Version, spec.Kind, PathText(spec.Path), Create: false).Resolve(obj.Root))
                {
                    var key = spec.Path[(spec.Path.LastIndexOf('/') + 1)..];
                    if (node.Get(key) is { Kind: YamlNodeKind.Scalar } value && !value.Value.Contains(substring, StringComparison.Ordinal))
                    {
                        node.SetString(key, prepend ? substring + value.Value : value.Value + substring);
                    }
                }
            }
        }

        if (renames.Count > 0)
        {
            FixReferences(context.Items, renames);
        }

        return true;
    }

    private static string PathText(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";

    private static void FixReferences(List<KubeObject> items, Dictionary<(string Kind, string Namespace, string Name), string> renames)
    {
        foreach (var obj in items)
        {
            foreach (var (target, referrer, path) in References)
            {
                var roots = referrer.Length == 0
                    ? PodSpecRoots.Select(r => r + "/" + path)
                    : obj.Kind == referrer ? [path.TrimStart('/')] : [];
                foreach (var full in roots)
                {
                    var parent = full[..full.LastIndexOf('/')];
                    var key = full[(full.LastIndexOf('/') + 1)..];
                    foreach (var (node, _) in new FieldSpec("", "", "", parent, Create: false).Resolve(obj.Root))
                    {
                        if (node.Get(key) is { Kind: YamlNodeKind.Scalar } value && renames.TryGetValue((target, obj.Namespace, value.Value), out var renamed))
                        {
                            node.SetString(key, renamed);
                        }
                    }
                }
            }

            if (obj.Kind is "RoleBinding" or "ClusterRoleBinding")
            {
                var roleKind = KubeObjects.GetString(obj.Root, "roleRef", "kind") ?? "";
                var roleName = KubeObjects.GetString(obj.Root, "roleRef", "name") ?? "";
                var roleNs = roleKind == "Role" ? obj.Namespace : "";
                if (renames.TryGetValue((roleKind, roleNs, roleName), out var renamedRole))
                {
                    KubeObjects.SetString(obj.Root, renamedRole, "roleRef", "name");
                }

                foreach (var subject in KubeObjects.Slice(obj.Root, "subjects").Where(s => s.Kind == YamlNodeKind.Mapping))
                {
                    var ns = KubeObjects.GetString(subject, "namespace") ?? obj.Namespace;
                    if (KubeObjects.GetString(subject, "kind") == "ServiceAccount" && KubeObjects.GetString(subject, "name") is { } sa
                        && renames.TryGetValue(("ServiceAccount", ns, sa), out var renamedSa))
                    {
                        subject.SetString("name", renamedSa);
                    }
                }
            }

            if (obj.Kind == "HorizontalPodAutoscaler" && KubeObjects.GetString(obj.Root, "spec", "scaleTargetRef", "kind") is { } targetKind
                && KubeObjects.GetString(obj.Root, "spec", "scaleTargetRef", "name") is { } targetName
                && renames.TryGetValue((targetKind, obj.Namespace, targetName), out var renamedTarget))
            {
                KubeObjects.SetString(obj.Root, renamedTarget, "spec", "scaleTargetRef", "name");
            }

            if (obj.GetAnnotation(DependsOnAnnotation) is { } dependsOn && DependsOn().Match(dependsOn) is { Success: true } match)
            {
                var ns = match.Groups[2].Success ? match.Groups[2].Value : "";
                var kind = match.Groups[3].Value;
                if (renames.TryGetValue((kind, ns, match.Groups[4].Value), out var renamedDep))
                {
                    var group = match.Groups[1].Value;
                    obj.SetAnnotation(DependsOnAnnotation, ns.Length > 0 ? $"{group}/namespaces/{ns}/{kind}/{renamedDep}" : $"{group}/{kind}/{renamedDep}");
                }
            }
        }
    }

    private static (string Substring, bool Prepend, List<FieldSpec> Specs) Configure(KubeObject? config)
    {
        var specs = new List<FieldSpec> { new("", "", "", "metadata/name", false) };
        string substring = "";
        var mode = "prepend";
        if (config is null || (config.Kind.Length == 0 && config.Name.Length == 0))
        {
            throw new KrmFunctionException("failed validation: substring must not be empty");
        }

        if (config.ApiVersion == "v1" && config.Kind == "ConfigMap")
        {
            var data = KubeObjects.StringMap(KubeObjects.Map(config.Root, "data"));
            if (data.Count != 1)
            {
                throw new KrmFunctionException($"failed to load the `functionConfig`: only 1 entry is allowed in the ConfigMap, but got: {YamlScalars.Format(data.Count)}");
            }

            (mode, substring) = (data[0].Key, data[0].Value);
            if (mode is not ("prepend" or "append"))
            {
                throw new KrmFunctionException($"failed to load the `functionConfig`: unknown editMode: {mode}, only prepend and append are allowed");
            }
        }
        else if (config.ApiVersion == "fn.kpt.dev/v1alpha1" && config.Kind == "EnsureNameSubstring")
        {
            substring = KubeObjects.GetString(config.Root, "substring") ?? "";
            mode = KubeObjects.GetString(config.Root, "editMode") is { Length: > 0 } m ? m : "prepend";
            specs.AddRange(KubeObjects.Slice(config.Root, "fieldSpecs").Where(s => s.Kind == YamlNodeKind.Mapping).Select(FieldSpec.Read));
        }
        else
        {
            var (group, version) = KubeObjects.SplitApiVersion(config.ApiVersion);
            throw new KrmFunctionException($"failed to load the `functionConfig`: function config must be either /v1, Kind=ConfigMap or fn.kpt.dev/v1alpha1, Kind=EnsureNameSubstring, but we got: {group}/{version}, Kind={config.Kind}");
        }

        if (substring.Length == 0)
        {
            throw new KrmFunctionException("failed validation: substring must not be empty");
        }

        return (substring, mode != "append", specs);
    }

    [GeneratedRegex(@"^([-.\w]*)/(?:namespaces/([-.\w]*)/)?([-.\w]*)/([-.\w]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DependsOn();
}
