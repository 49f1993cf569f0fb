namespace Porch.Engine.Api;

/// <summary>
/// A resolved git location: repository, directory, ref and commit.
/// </summary>
public sealed class GitLock
{
    /// <summary>Repository address (<c>repo</c>).</summary>
    public string? Repo { get; set; }

    /// <summary>Directory inside the repository (<c>directory</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>Branch, tag or commit that was resolved (<c>ref</c>).</summary>
    public string? Ref { get; set; }

    /// <summary>The commit SHA (<c>commit</c>).</summary>
    public string? Commit { get; set; }
}
