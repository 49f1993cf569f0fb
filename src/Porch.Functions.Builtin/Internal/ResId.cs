using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>kustomize's resource id (<c>resid.ResId</c>): group, version, kind, name, namespace.</summary>
internal sealed record ResId(string Group, string Version, string Kind, string Name, string Namespace)
{
    private const string PreviousNames = "config.kubernetes.io/previousNames";
    private const string PreviousKinds = "config.kubernetes.io/previousKinds";
    private const string PreviousNamespaces = "config.kubernetes.io/previousNamespaces";

    public bool IsEmpty => Group.Length + Version.Length + Kind.Length + Name.Length + Namespace.Length == 0;

    /// <summary>Reads the selector fields (<c>group</c>, <c>version</c>, <c>kind</c>, <c>name</c>, <c>namespace</c>) of a mapping.</summary>
    public static ResId FromSelector(YamlNode? node) => new(
        KubeObjects.GetString(node, "group") ?? "",
        KubeObjects.GetString(node, "version") ?? "",
        KubeObjects.GetString(node, "kind") ?? "",
        KubeObjects.GetString(node, "name") ?? "",
        KubeObjects.GetString(node, "namespace") ?? "");

    /// <summary>
    /// Whether one of <paramref name="obj"/>'s ids (<see cref="Of"/>) is selected by <paramref name="selector"/> and by
    /// none of <paramref name="rejects"/>; the list of ids is only made when the object records previous ones.
    /// </summary>
    /// <exception cref="KrmFunctionException">The previous-id annotations do not have the same number of entries.</exception>
    public static bool AnySelected(KubeObject obj, ResId selector, List<ResId>? rejects)
    {
        if (obj.Root.Get("metadata") is { Kind: YamlNodeKind.Mapping } metadata
            && metadata.Get("annotations") is { Kind: YamlNodeKind.Mapping } annotations
            && (annotations.Get(PreviousNames) is not null || annotations.Get(PreviousKinds) is not null || annotations.Get(PreviousNamespaces) is not null))
        {
            foreach (var id in Of(obj))
            {
                if (id.IsSelectedAndNotRejected(selector, rejects))
                {
                    return true;
                }
            }

            return false;
        }

        var (group, version) = KubeObjects.SplitApiVersion(obj.ApiVersion);
        return new ResId(group, version, obj.Kind, obj.Name, obj.Namespace).IsSelectedAndNotRejected(selector, rejects);
    }

    private bool IsSelectedAndNotRejected(ResId selector, List<ResId>? rejects)
    {
        if (!IsSelectedBy(selector))
        {
            return false;
        }

        if (rejects is not null)
        {
            foreach (var reject in rejects)
            {
                if (IsSelectedBy(reject))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>kustomize's <c>MakeResIds</c>: the current id, then one per previous name recorded in the annotations.</summary>
    public static List<ResId> Of(KubeObject obj)
    {
        var (group, version) = KubeObjects.SplitApiVersion(obj.ApiVersion);
        var ids = new List<ResId> { new(group, version, obj.Kind, obj.Name, obj.Namespace) };
        var names = Split(obj.GetAnnotation(PreviousNames));
        var kinds = Split(obj.GetAnnotation(PreviousKinds));
        var namespaces = Split(obj.GetAnnotation(PreviousNamespaces));
        if (names.Length != kinds.Length || names.Length != namespaces.Length)
        {
            throw new KrmFunctionException("number of previous names, number of previous namespaces, number of previous kinds not equal");
        }

        for (var i = 0; i < names.Length; i++)
        {
            ids.Add(new ResId(group, version, kinds[i], names[i], namespaces[i]));
        }

        return ids;
    }

    /// <summary>kustomize's <c>IsSelectedBy</c>: empty selector fields match anything; namespaces compare as effective namespaces.</summary>
    public bool IsSelectedBy(ResId selector) =>
        (selector.Name.Length == 0 || selector.Name == Name)
        && (selector.Namespace.Length == 0 || EffectiveNamespace(selector) == EffectiveNamespace(this))
        && (selector.Group.Length == 0 || selector.Group == Group)
        && (selector.Version.Length == 0 || selector.Version == Version)
        && (selector.Kind.Length == 0 || selector.Kind == Kind);

    /// <summary>kustomize's <c>ResId.String()</c>, e.g. <c>ConfigMap.v1.[noGrp]/name.[noNs]</c>.</summary>
    public override string ToString() =>
        $"{Or(Kind, "[noKind]")}.{Or(Version, "[noVer]")}.{Or(Group, "[noGrp]")}/{Or(Name, "[noName]")}.{Or(Namespace, "[noNs]")}";

    private static string EffectiveNamespace(ResId id)
    {
        var apiVersion = id.Group.Length == 0 ? id.Version : id.Group + "/" + id.Version;
        if (KubernetesOpenApiFacts.IsNamespaced(apiVersion, id.Kind) == false)
        {
            return "";
        }

        return id.Namespace.Length == 0 ? "default" : id.Namespace;
    }

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;

    private static string[] Split(string? value) => string.IsNullOrEmpty(value) ? [] : value.Split(',');
}
