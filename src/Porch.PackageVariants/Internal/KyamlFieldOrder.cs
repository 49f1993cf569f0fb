using Porch.Krm;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// The key order kyaml gives a mapping it builds from a Go value (kyaml's <c>fieldSortOrder</c>): the fields it knows
/// first, in its order, then the others alphabetically. Porch's controller writes new maps (a function, the package
/// context's data) this way, so <c>name</c> comes before <c>image</c> and before the other keys.
/// </summary>
internal static class KyamlFieldOrder
{
    private static readonly string[] Known =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "labels", "annotations", "spec", "status", "stringData", "data", "binaryData",
        "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "replicas", "selector", "manualSelector",
        "template", "ttlSecondsAfterFinished", "volumeClaimTemplates", "service", "serviceName", "podManagementPolicy",
        "updateStrategy", "strategy", "minReadySeconds", "revision", "revisionHistoryLimit", "paused",
        "progressDeadlineSeconds", "restartPolicy", "terminationGracePeriodSeconds", "dnsPolicy", "serviceAccountName",
        "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC",
        "shareProcessNamespace", "hostname", "subdomain", "schedulerName", "priorityClassName", "priority",
        "runtimeClassName", "enableServiceLinks", "nodeSelector", "hostAliases", "initContainers", "containers",
        "volumes", "securityContext", "imagePullSecrets", "affinity", "tolerations", "dnsConfig", "readinessGates",
        "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "volumeMounts",
        "volumeDevices", "imagePullPolicy", "lifecycle", "livenessProbe", "readinessProbe", "startupProbe",
        "externalTrafficPolicy", "healthCheckNodePort", "loadBalancerIP", "loadBalancerSourceRanges", "sessionAffinity",
        "sessionAffinityConfig", "type",
    ];

    private static readonly Dictionary<string, int> Rank = Known.Select((k, i) => (k, i)).DistinctBy(p => p.k).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);

    /// <summary>Reorders the entries of <paramref name="map"/>.</summary>
    public static void Sort(YamlNode map)
    {
        var entries = map.Entries
            .OrderBy(e => Rank.TryGetValue(e.Key.Value, out var r) ? r : int.MaxValue)
            .ThenBy(e => e.Key.Value, StringComparer.Ordinal)
            .ToList();
        map.Children.Clear();
        foreach (var (key, value) in entries)
        {
            map.Children.Add(key);
            map.Children.Add(value);
        }
    }
}
