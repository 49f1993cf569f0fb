using Porch.Krm;
using Porch.PackageVariants.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// Porch's <c>ensureConfigInjection</c> (injection.go): resources annotated <c>kpt.dev/config-injection</c> get the
/// <c>data</c> (core ConfigMaps) or <c>spec</c> of the first in-cluster object an injector selects; the Kptfile gets
/// one condition per injection point and a readiness gate per required one.
/// </summary>
internal static class ConfigInjection
{
    private sealed class InjectionPoint(string file, KubeObject obj)
    {
        public string File { get; } = file;
        public KubeObject Object { get; } = obj;
        public string ConditionType { get; } = string.Join('.', "config", "injection", obj.Kind, obj.Name);
        public bool Required { get; set; }
        public List<string> Errors { get; } = [];
        public bool Injected { get; set; }
        public string InjectedName { get; set; } = "";
    }

    public static async Task EnsureAsync(PackageVariant pv, string prrNamespace, string prrName, Dictionary<string, string> resources,
        IClusterObjectSource objects, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, List<YamlDocument>>(StringComparer.Ordinal);
        foreach (var (file, text) in resources)
        {
            if (!IncludeFile(file))
            {
                continue;
            }

            try
            {
                files[file] = [.. KrmYaml.ReadDocuments(text, file)];
            }
            catch (KrmException ex)
            {
                throw new InvalidOperationException($"{file}: {ex.Message}", ex);
            }
        }

        var points = new List<InjectionPoint>();
        foreach (var (file, documents) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            foreach (var document in documents)
            {
                if (document.Root.Kind != YamlNodeKind.Mapping)
                {
                    continue;
                }

                var ko = new KubeObject(document);
                if (ko.GetAnnotation(PackageVariantApi.ConfigInjectionAnnotation) is not { } annotation)
                {
                    continue;
                }

                var point = new InjectionPoint(file, ko);
                if (annotation == "required")
                {
                    point.Required = true;
                }
                else if (annotation != "optional")
                {
                    point.Errors.Add($"{file}: {ko.Kind}/{ko.Name} has invalid \"{PackageVariantApi.ConfigInjectionAnnotation}\" annotation value of \"{annotation}\"");
                }

                points.Add(point);
            }
        }

        var allErrors = new List<string>();
        var seen = new Dictionary<string, InjectionPoint>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            allErrors.AddRange(point.Errors);
            if (seen.TryGetValue(point.ConditionType, out var original))
            {
                allErrors.Add($"duplicate injection conditionType \"{point.ConditionType}\" ({original.File} and {point.File})");
            }

            seen[point.ConditionType] = point;
        }

        if (allErrors.Count > 0)
        {
            throw new InvalidOperationException("errors in injection points: " + string.Join(", ", allErrors));
        }

        var injectors = pv.Spec.Injectors ?? [];
        foreach (var point in points)
        {
            if (injectors.Count == 0)
            {
                point.Errors.Add("no injectors defined");
                continue;
            }

            var inCluster = await objects.ListAsync(pv.Metadata.Namespace ?? "default", point.Object.ApiVersion, point.Object.Kind, cancellationToken).ConfigureAwait(false);
            Inject(point, injectors, inCluster);
        }

        foreach (var point in points.Where(p => p.Injected))
        {
            foreach (var document in files[point.File])
            {
                document.SequenceIndent = SequenceIndentStyle.Compact;
            }

            resources[point.File] = KrmYaml.WriteDocuments(files[point.File]);
        }

        var kptfile = PackageVariantMutations.GetFileKubeObject(resources, Kptfile.FileName, Kptfile.KptKind, "", prrNamespace, prrName);
        SetConditionsAndGates(kptfile, points);
        kptfile.Document.SequenceIndent = SequenceIndentStyle.Compact;
        resources[Kptfile.FileName] = kptfile.ToYaml();
    }

    private static void Inject(InjectionPoint point, List<InjectionSelector> injectors, IReadOnlyList<KubeObject> inCluster)
    {
        if (inCluster.Count == 0)
        {
            point.Errors.Add($"no in-cluster resources of type {point.Object.ApiVersion}.{point.Object.Kind}");
            return;
        }

        var (group, version) = GroupVersion(point.Object.ApiVersion);
        foreach (var injector in injectors)
        {
            if ((injector.Group is not null && injector.Group != group) ||
                (injector.Version is not null && injector.Version != version) ||
                (injector.Kind is not null && injector.Kind != point.Object.Kind))
            {
                continue;
            }

            var match = inCluster.FirstOrDefault(u => u.Name == injector.Name);
            if (match is null)
            {
                continue;
            }

            InjectResource(point, match);
            break;
        }
    }

    private static void InjectResource(InjectionPoint point, KubeObject source)
    {
        point.Injected = true;
        point.InjectedName = source.Name;
        var (group, _) = GroupVersion(source.ApiVersion);

        // Porch's allowedInjectionFields: core ConfigMaps inject data, everything else spec.
        var field = group.Length == 0 && source.Kind == "ConfigMap" ? "data" : "spec";
        if (source.GetNode(field) is not { } value)
        {
            point.Injected = false;
            point.Errors.Add($"field \"{field}\" not found in resource \"{source.Name}\"");
            return;
        }

        point.Object.SetNode(value.Clone(), field);
        point.Object.SetAnnotation(PackageVariantApi.InjectedResourceAnnotation, source.Name);
    }

    private static void SetConditionsAndGates(KubeObject kptfile, List<InjectionPoint> points)
    {
        var gates = new SortedSet<string>(StringComparer.Ordinal);
        if (kptfile.GetNode("info", "readinessGates") is { Kind: YamlNodeKind.Sequence } existingGates)
        {
            foreach (var gate in existingGates.Children)
            {
                if (gate.Get("conditionType") is { Kind: YamlNodeKind.Scalar } type)
                {
                    gates.Add(type.Value);
                }
            }
        }

        var conditions = new List<(string Type, string Status, string Reason, string Message)>();
        if (kptfile.GetNode("status", "conditions") is { Kind: YamlNodeKind.Sequence } existingConditions)
        {
            foreach (var c in existingConditions.Children)
            {
                conditions.Add((Str(c, "type"), Str(c, "status"), Str(c, "reason"), Str(c, "message")));
            }
        }

        foreach (var point in points)
        {
            if (point.Required)
            {
                gates.Add(point.ConditionType);
            }

            var condition = point.Injected
                ? (point.ConditionType, "True", "ConfigInjected", $"injected resource \"{point.InjectedName}\" from cluster")
                : (point.ConditionType, "False", "NoResourceSelected",
                    point.Errors.Count > 0 ? string.Join(", ", point.Errors) : "no resource matched any injection selector for this injection point");
            var index = conditions.FindIndex(c => c.Type == point.ConditionType);
            if (index >= 0)
            {
                conditions[index] = condition;
            }
            else
            {
                conditions.Add(condition);
            }
        }

        if (gates.Count > 0)
        {
            var seq = YamlNode.Sequence();
            foreach (var gate in gates)
            {
                var item = YamlNode.Mapping();
                item.SetString("conditionType", gate);
                seq.Add(item);
            }

            kptfile.Root.GetOrAddMapping("info").Set("readinessGates", seq);
        }

        if (conditions.Count > 0)
        {
            var seq = YamlNode.Sequence();
            foreach (var c in conditions.OrderBy(c => c.Type, StringComparer.Ordinal))
            {
                var item = YamlNode.Mapping();
                item.SetString("type", c.Type);
                item.SetString("status", c.Status);
                if (c.Reason.Length > 0)
                {
                    item.SetString("reason", c.Reason);
                }

                if (c.Message.Length > 0)
                {
                    item.SetString("message", c.Message);
                }

                seq.Add(item);
            }

            kptfile.Root.GetOrAddMapping("status").Set("conditions", seq);
        }
    }

    private static string Str(YamlNode map, string key) => map.Get(key) is { Kind: YamlNodeKind.Scalar } n ? n.Value : "";

    private static (string Group, string Version) GroupVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    /// <summary>kio.MatchAll (*.yaml, *.yml) plus the Kptfile, by file name.</summary>
    private static bool IncludeFile(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name == Kptfile.FileName;
    }
}
