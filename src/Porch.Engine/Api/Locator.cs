namespace Porch.Engine.Api;

/// <summary>
/// A resolved location of package content (<c>status.upstreamLock</c>, <c>status.selfLock</c>).
/// </summary>
public sealed class Locator
{
    /// <summary>The origin type, for example <c>git</c> (<c>type</c>).</summary>
    public string? Type { get; set; }

    /// <summary>The git location (<c>git</c>).</summary>
    public GitLock? Git { get; set; }
}
