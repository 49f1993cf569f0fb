namespace Porch.Functions.Builtin;

/// <summary>Options of the builtin function runtime.</summary>
public sealed class BuiltinFunctionOptions
{
    /// <summary>The old catalog registry prefix, <c>gcr.io/kpt-fn/</c>.</summary>
    public const string LegacyCatalogPrefix = "gcr.io/kpt-fn/";

    /// <summary>The current catalog registry prefix, <c>ghcr.io/kptdev/krm-functions-catalog/</c>.</summary>
    public const string CatalogPrefix = "ghcr.io/kptdev/krm-functions-catalog/";

    /// <summary>
    /// Gets or sets the registry prefixes under which the builtin functions are served. An image is served when, after
    /// kpt's resolution (short names get the default prefix, a missing tag becomes <c>:latest</c>), it is one of these
    /// prefixes followed by a builtin function's name and any tag or digest.
    /// </summary>
    /// <remarks>Default: <see cref="LegacyCatalogPrefix"/> and <see cref="CatalogPrefix"/>. Each entry must be non-empty and end with <c>/</c>.</remarks>
    public IList<string> ImagePrefixes { get; set; } = new List<string> { LegacyCatalogPrefix, CatalogPrefix };

    /// <summary>Gets or sets the step budget of one run of the <c>starlark</c> function (statements, loop iterations, calls).</summary>
    /// <remarks>Default: <see cref="Porch.Starlark.StarlarkOptions.DefaultMaxSteps"/> (10 million), which stops <c>while True: pass</c> in well under a second. Must be positive.</remarks>
    public long StarlarkMaxSteps { get; set; } = Porch.Starlark.StarlarkOptions.DefaultMaxSteps;

    /// <summary>Gets or sets the allocation budget, in estimated bytes, of one run of the <c>starlark</c> function.</summary>
    /// <remarks>Default: <see cref="Porch.Starlark.StarlarkOptions.DefaultMaxAllocations"/> (256 MiB). Must be positive.</remarks>
    public long StarlarkMaxAllocations { get; set; } = Porch.Starlark.StarlarkOptions.DefaultMaxAllocations;

    /// <summary>
    /// Gets the catalog tags each builtin function answers to when a pipeline step's <c>tag</c> is a version
    /// constraint (kpt's tag resolution: <c>tag: "~0.2"</c> runs the highest listed tag that satisfies it), keyed by
    /// function name (<c>set-labels</c>). A step with an exact tag, or an image with its own tag, is served whatever
    /// the tag; these lists matter only for constraints.
    /// </summary>
    /// <remarks>
    /// Default: the catalog releases whose behaviour the builtin functions reproduce (set-namespace v0.4, set-labels
    /// v0.2, apply-replacements v0.1, set-annotations v0.1, apply-setters v0.2, search-replace v0.2,
    /// ensure-name-substring v0.2, starlark v0.4). Replace or extend a list to accept other tags; a function with no
    /// list resolves no constraint. Tags must be non-empty.
    /// </remarks>
    public IDictionary<string, IList<string>> KnownTags { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal)
    {
        ["set-namespace"] = new List<string> { "v0.4.0", "v0.4.1", "v0.4.5" },
        ["set-labels"] = new List<string> { "v0.2.0", "v0.2.2" },
        ["apply-replacements"] = new List<string> { "v0.1.0", "v0.1.1" },
        ["set-annotations"] = new List<string> { "v0.1.4" },
        ["apply-setters"] = new List<string> { "v0.2.0" },
        ["search-replace"] = new List<string> { "v0.2.0" },
        ["ensure-name-substring"] = new List<string> { "v0.2.0" },
        ["starlark"] = new List<string> { "v0.4.3" },
    };
}
