namespace Porch.Starlark;

/// <summary>
/// Dialect switches (as go.starlark.net's <c>syntax.FileOptions</c>) and sandbox budgets for a
/// <see cref="StarlarkThread"/>. Every dialect option is off by default; kpt's starlark function turns all three on.
/// </summary>
public sealed class StarlarkOptions
{
    /// <summary>The default <see cref="MaxSteps"/>: 10 million.</summary>
    public const long DefaultMaxSteps = 10_000_000;

    /// <summary>The default <see cref="MaxAllocations"/>: 256 MiB (estimated).</summary>
    public const long DefaultMaxAllocations = 256L * 1024 * 1024;

    /// <summary>The default <see cref="MaxCallDepth"/>.</summary>
    public const int DefaultMaxCallDepth = 400;

    /// <summary>Gets or sets a value indicating whether the <c>set</c> builtin may be used. Default: false.</summary>
    public bool AllowSet { get; set; }

    /// <summary>Gets or sets a value indicating whether functions may call themselves, and <c>while</c> loops are allowed. Default: false.</summary>
    public bool AllowRecursion { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether globals may be reassigned and <c>if</c>, <c>for</c> and <c>while</c>
    /// may appear at top level. Default: false.
    /// </summary>
    public bool AllowGlobalReassign { get; set; }

    /// <summary>
    /// Gets or sets the maximum number of execution steps (one per executed statement, loop iteration,
    /// comprehension iteration, function call and element materialized by builtins). Default: <see cref="DefaultMaxSteps"/>.
    /// </summary>
    public long MaxSteps { get; set; } = DefaultMaxSteps;

    /// <summary>
    /// Gets or sets the budget, in estimated bytes, for values allocated by the script over its whole run (strings,
    /// lists, dicts, ...). Default: <see cref="DefaultMaxAllocations"/>.
    /// </summary>
    public long MaxAllocations { get; set; } = DefaultMaxAllocations;

    /// <summary>Gets or sets the maximum depth of nested Starlark calls. Default: <see cref="DefaultMaxCallDepth"/>.</summary>
    public int MaxCallDepth { get; set; } = DefaultMaxCallDepth;

    /// <summary>Creates options with the dialect kpt's starlark function uses (set, recursion and global reassignment on).</summary>
    /// <returns>New options.</returns>
    public static StarlarkOptions KptDialect() => new() { AllowSet = true, AllowRecursion = true, AllowGlobalReassign = true };
}
