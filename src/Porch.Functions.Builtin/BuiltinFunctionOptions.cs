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
}
