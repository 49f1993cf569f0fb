using System.Globalization;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>set-labels</c>: sets labels on every non-local resource's metadata and on the selectors, pod
/// templates, job templates, volume claim templates and network policy selectors the catalog knows, keys in sorted
/// order; reports <c>set &lt;n&gt; labels in total</c> where n counts every key visited.
/// </summary>
internal sealed class SetLabelsFunction : IKrmFunction
{
    public string Name => "set-labels";

    /// <inheritdoc/>
    public bool SortsOutput => true;

    /// <inheritdoc/>
    /// <remarks>It reads and writes labels and the label fields of known kinds only, and returns its input objects.</remarks>
    public bool ReadsItemIds => false;

    /// <summary>The catalog's <c>SetLabels</c> struct: <c>labels map[string]string</c>, <c>options map[string]bool</c>.</summary>
    private static readonly Dictionary<string, SdkFunctionConfig.GoType> ConfigFields = new(StringComparer.Ordinal)
    {
        ["labels"] = SdkFunctionConfig.GoType.StringMap,
        ["options"] = SdkFunctionConfig.GoType.BoolMap,
    };

    public bool Run(KrmFunctionContext context)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var setSelectorLabels = true;
        var config = context.FunctionConfig;
        var empty = SdkFunctionConfig.IsEmpty(config);
        if (empty)
        {
            context.Add("`FunctionConfig` is not given", "info");
        }
        else if (SdkFunctionConfig.IsConfigMap(config!))
        {
            foreach (var (k, v) in KubeObjects.StringMap(KubeObjects.Map(config!.Root, "data")))
            {
                labels[k] = v;
            }
        }
        else if (SdkFunctionConfig.IsRunnerKind(config!, "SetLabels"))
        {
            if (SdkFunctionConfig.ConversionError(config!, "*setlabels.SetLabels", ConfigFields) is { } error)
            {
                context.Add(error, "error");
                return false;
            }

            foreach (var (k, v) in KubeObjects.StringMap(KubeObjects.Map(config!.Root, "labels")))
            {
                labels[k] = v;
            }

            if (KubeObjects.GetString(config!.Root, "options", "setSelectorLabels") is { } option)
            {
                setSelectorLabels = !string.Equals(option, "false", StringComparison.OrdinalIgnoreCase);
            }
        }
        else
        {
            context.Add(SdkFunctionConfig.UnknownConfig(config!, "SetLabels"), "error");
            return false;
        }

        var objects = context.Items.Where(o => !o.IsLocalConfig).ToList();
        if (objects.Count == 0)
        {
            context.Add("no input resources", "info");
            return true;
        }

        // The catalog's EmptyfnConfig: the eval placeholder ConfigMap without data, or a config without kind and name.
        if (empty || config is null || context.ConfigIsEmpty || (config.Kind == "ConfigMap" && config.Name == "function-input" && labels.Count == 0))
        {
            return false;
        }

        if (labels.Count == 0)
        {
            context.Add("no `labels` arguments are given in FunctionConfig", "warning");
            return true;
        }

        var run = new LabelRun(labels);
        foreach (var obj in objects)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            run.Apply(obj, setSelectorLabels);
        }

        context.Add($"set {run.Count.ToString(CultureInfo.InvariantCulture)} labels in total", "info");
        return true;
    }

    private sealed class LabelRun(SortedDictionary<string, string> labels)
    {
        /// <summary>The labels in key order, read once (enumerating a sorted dictionary allocates its walk each time).</summary>
        private readonly KeyValuePair<string, string>[] _labels = [.. labels];

        public int Count { get; private set; }

        public void Apply(KubeObject obj, bool setSelectorLabels)
        {
            var root = obj.Root;
            Update(root, ["metadata", "labels"], create: true);
            if (setSelectorLabels)
            {
                if (obj.IsGvk("", "v1", "Service") || obj.IsGvk("", "v1", "ReplicationController"))
                {
                    Update(root, ["spec", "selector"], create: true);
                }

                if (obj.IsGvk("", "", "Deployment") || obj.IsGvk("", "", "ReplicaSet") || obj.IsGvk("", "", "DaemonSet") || obj.IsGvk("apps", "", "StatefulSet"))
                {
                    Update(root, ["spec", "selector", "matchLabels"], create: true);
                }
                else if (obj.IsGvk("batch", "", "Job") || obj.IsGvk("policy", "", "PodDisruptionBudget"))
                {
                    Update(root, ["spec", "selector", "matchLabels"], create: false);
                }

                if (obj.IsGvk("networking.k8s.io", "", "NetworkPolicy"))
                {
                    Update(root, ["spec", "podSelector", "matchLabels"], create: false);
                }
            }

            var spec = KubeObjects.Map(root, "spec");
            if (spec is null)
            {
                return;
            }

            if (obj.IsGvk("", "v1", "ReplicationController") || obj.IsGvk("", "", "Deployment") || obj.IsGvk("", "", "ReplicaSet")
                || obj.IsGvk("", "", "DaemonSet") || obj.IsGvk("apps", "", "StatefulSet") || obj.IsGvk("batch", "", "Job"))
            {
                Pod(KubeObjects.Map(spec, "template"));
            }

            if (obj.IsGvk("batch", "", "CronJob") && KubeObjects.Map(spec, "jobTemplate") is { } job)
            {
                Update(job, ["metadata", "labels"], create: true);
                if (KubeObjects.Map(job, "spec") is { } jobSpec)
                {
                    Update(jobSpec, ["selector", "matchLabels"], create: false);
                    Pod(KubeObjects.Map(jobSpec, "template"));
                }
            }

            if (obj.IsGvk("apps", "", "StatefulSet"))
            {
                foreach (var volume in KubeObjects.Slice(spec, "volumeClaimTemplates").Where(v => v.Kind == YamlNodeKind.Mapping))
                {
                    Update(volume, ["metadata", "labels"], create: true);
                    Update(volume, ["selector", "matchLabels"], create: false);
                }
            }

            if (obj.IsGvk("networking.k8s.io", "", "NetworkPolicy"))
            {
                foreach (var rule in KubeObjects.Slice(spec, "ingress"))
                {
                    foreach (var peer in KubeObjects.Slice(rule, "from").Where(p => p.Kind == YamlNodeKind.Mapping))
                    {
                        Update(peer, ["podSelector", "matchLabels"], create: false);
                    }
                }

                foreach (var rule in KubeObjects.Slice(spec, "egress"))
                {
                    foreach (var peer in KubeObjects.Slice(rule, "to").Where(p => p.Kind == YamlNodeKind.Mapping))
                    {
                        Update(peer, ["podSelector", "matchLabels"], create: false);
                    }
                }
            }
        }

        private void Pod(YamlNode? pod)
        {
            if (pod is null)
            {
                return;
            }

            Update(pod, ["metadata", "labels"], create: true);
            if (KubeObjects.Map(pod, "spec") is not { } podSpec)
            {
                return;
            }

            foreach (var constraint in KubeObjects.Slice(podSpec, "topologySpreadConstraints").Where(c => c.Kind == YamlNodeKind.Mapping))
            {
                Update(constraint, ["labelSelector", "matchLabels"], create: false);
            }

            // The catalog looks for the affinity term lists directly under `affinity` (not under podAffinity/podAntiAffinity).
            if (KubeObjects.Map(podSpec, "affinity") is { } affinity)
            {
                foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
                {
                    if (KubeObjects.Map(affinity, kind) is null)
                    {
                        continue;
                    }

                    foreach (var term in KubeObjects.Slice(affinity, "preferredDuringSchedulingIgnoredDuringExecution"))
                    {
                        if (KubeObjects.Map(term, "podAffinityTerm") is { } podTerm)
                        {
                            Update(podTerm, ["labelSelector", "matchLabels"], create: false);
                        }
                    }

                    foreach (var term in KubeObjects.Slice(affinity, "requiredDuringSchedulingIgnoredDuringExecution").Where(t => t.Kind == YamlNodeKind.Mapping))
                    {
                        Update(term, ["labelSelector", "matchLabels"], create: false);
                    }
                }
            }
        }

        private void Update(YamlNode node, ReadOnlySpan<string> path, bool create)
        {
            foreach (var (key, value) in _labels)
            {
                // The parent is looked up again for each label: setting one may have made the mappings on the way.
                var existing = KubeObjects.Step(KubeObjects.Get(node, path), key);
                var exists = existing is { Kind: YamlNodeKind.Scalar };
                if ((exists && existing!.Value != value) || (!exists && create))
                {
                    var target = node;
                    foreach (var step in path)
                    {
                        target = target.GetOrAddMapping(step);
                    }

                    target.SetString(key, value);
                }

                Count++;
            }
        }
    }
}
