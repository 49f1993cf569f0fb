namespace Porch.Starlark.Runtime;

/// <summary>
/// The one depth limit of every recursive operation on values (<c>str</c>/<c>repr</c>, <c>==</c> and ordering, hashing):
/// a fixed count of nested lists, tuples, dicts and structs, the same in Debug and Release, so a deeply nested value
/// fails with a Starlark error and never reaches the native stack's limit.
/// </summary>
internal static class Nesting
{
    /// <summary>The deepest nesting a recursive operation on values follows.</summary>
    public const int MaxDepth = 1000;

    /// <summary>The error of hashing a tuple or struct nested beyond <see cref="MaxDepth"/>.</summary>
    public const string HashTooDeep = "hash exceeded maximum recursion depth";

    /// <summary>The error of <c>str</c>/<c>repr</c> of a value nested beyond <see cref="MaxDepth"/>.</summary>
    public const string FormatTooDeep = "maximum recursion depth exceeded while formatting a value";

    /// <summary>Throws <paramref name="message"/> when <paramref name="depth"/> is beyond <see cref="MaxDepth"/>.</summary>
    public static void Check(int depth, string message)
    {
        if (depth > MaxDepth)
        {
            throw new StarlarkError(message, StarlarkErrorKind.CallDepthExceeded);
        }
    }
}
