namespace Porch.Krm;

/// <summary>
/// The limits every reader and walker of YAML node trees keeps, so that no input can exhaust the stack or the heap.
/// The numbers are fixed (the same in Debug and Release builds) and the texts are go-yaml v3's.
/// </summary>
/// <remarks>
/// go-yaml v3 refuses a flow level or an indentation stack above 10,000 (<c>exceeded max depth of 10000</c>). Our reader
/// and walkers recurse per nesting level, so we count flow and block collections together and refuse more than
/// <see cref="MaxDepth"/> of them: deep enough for any Kubernetes object (the deepest CRD schemas nest about 100
/// levels), shallow enough that the reader and every recursive walker fit in 1 MB of stack in a Debug build, leaving
/// half of a 1.5 MB thread-pool stack to their callers.
/// </remarks>
internal static class KrmLimits
{
    /// <summary>The deepest nesting of mappings and sequences (flow and block together) a document may have.</summary>
    public const int MaxDepth = 256;

    /// <summary>go-yaml's text for a document nested too deeply.</summary>
    public static readonly string MaxDepthProblem = "exceeded max depth of " + MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>go-yaml's text for a document whose aliases expand to too much.</summary>
    public const string ExcessiveAliasingProblem = "document contains excessive aliasing";

    /// <summary>Throws the typed depth error when <paramref name="depth"/> (1 for the root collection) is above the limit.</summary>
    /// <param name="depth">The nesting depth reached.</param>
    /// <param name="filePath">The file, when known.</param>
    public static void CheckDepth(int depth, string? filePath = null)
    {
        if (depth > MaxDepth)
        {
            throw TooDeep(filePath);
        }
    }

    /// <summary>The typed depth error for a tree that did not come from text (no line to name).</summary>
    /// <param name="filePath">The file, when known.</param>
    /// <returns>The exception.</returns>
    public static KrmYamlException TooDeep(string? filePath = null) => new(filePath, 0, 0, MaxDepthProblem);

    /// <summary>
    /// go-yaml v3's <c>allowedAliasRatio</c>: up to 400,000 decoded nodes 99% may come from alias expansion, from
    /// 4,000,000 only 10%, scaled linearly in between.
    /// </summary>
    /// <param name="decodeCount">The nodes decoded so far.</param>
    /// <returns>The allowed share of alias-expanded nodes.</returns>
    public static double AllowedAliasRatio(long decodeCount)
    {
        const double low = 400_000;
        const double high = 4_000_000;
        if (decodeCount <= low)
        {
            return 0.99;
        }

        if (decodeCount >= high)
        {
            return 0.10;
        }

        return 0.99 - (0.89 * ((decodeCount - low) / (high - low)));
    }

    /// <summary>go-yaml v3's check, run for every decoded node: more than 100 aliased nodes, more than 1000 nodes, and too high a share.</summary>
    /// <param name="aliasCount">Nodes decoded through an alias.</param>
    /// <param name="decodeCount">Nodes decoded in all.</param>
    /// <returns>True when the document is to be refused.</returns>
    public static bool IsExcessiveAliasing(long aliasCount, long decodeCount) =>
        aliasCount > 100 && decodeCount > 1000 && (double)aliasCount / decodeCount > AllowedAliasRatio(decodeCount);
}
