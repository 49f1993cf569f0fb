namespace Porch.Krm;

/// <summary>Annotation keys kpt and kyaml use to track where a resource came from.</summary>
public static class KrmAnnotations
{
    /// <summary>Legacy path annotation (<c>config.kubernetes.io/path</c>).</summary>
    public const string LegacyPath = "config.kubernetes.io/path";

    /// <summary>Legacy index annotation (<c>config.kubernetes.io/index</c>).</summary>
    public const string LegacyIndex = "config.kubernetes.io/index";

    /// <summary>Legacy id annotation (<c>config.k8s.io/id</c>).</summary>
    public const string LegacyId = "config.k8s.io/id";

    /// <summary>Path of the file the resource was read from, relative to the package.</summary>
    public const string Path = "internal.config.kubernetes.io/path";

    /// <summary>0-based position of the resource among the documents of its file.</summary>
    public const string Index = "internal.config.kubernetes.io/index";

    /// <summary>Per-call identity set by the function runner.</summary>
    public const string Id = "internal.config.kubernetes.io/id";

    /// <summary>Sequence indentation of the source document: <c>compact</c> or <c>wide</c>.</summary>
    public const string SeqIndent = "internal.config.kubernetes.io/seqindent";

    /// <summary>Path of the package that owns the resource (set during render).</summary>
    public const string PackagePath = "internal.config.kubernetes.io/package-path";

    /// <summary>Identity over the whole input of a step with selectors.</summary>
    public const string KptResourceId = "internal.config.kubernetes.io/kpt-resource-id";

    /// <summary>Position marker kyaml's pipeline sets for one call.</summary>
    public const string MigrationResourceId = "internal.config.kubernetes.io/annotations-migration-resource-id";

    /// <summary>Marks a resource as local configuration, not to be applied to a cluster.</summary>
    public const string LocalConfig = "config.kubernetes.io/local-config";

    /// <summary>Merge key recorded by package get, update and Porch clone.</summary>
    public const string UpstreamIdentifier = "internal.kpt.dev/upstream-identifier";

    /// <summary>The annotations the package reader adds and the writer removes.</summary>
    internal static readonly string[] ReaderOwned =
    [
        LegacyIndex, LegacyPath, Index, PackagePath, Path, SeqIndent, Id, LegacyId, KptResourceId, MigrationResourceId,
    ];
}
