using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>Modules of go.starlark.net's library that a host may offer through <see cref="StarlarkThread.LoadHandler"/>.</summary>
public static class StarlarkLibrary
{
    /// <summary>
    /// Creates go.starlark.net's <c>json</c> module (<c>lib/json</c>): <c>encode</c>, <c>decode</c>, <c>encode_indent</c>
    /// and <c>indent</c>.
    /// </summary>
    /// <returns>A new module value named <c>json</c>.</returns>
    public static StarlarkModule CreateJsonModule() => JsonModule.Create();
}
