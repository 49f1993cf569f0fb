namespace Porch.Engine.Api;

/// <summary>
/// A list of repositories (kind <c>RepositoryList</c>).
/// </summary>
public sealed class RepositoryList
{
    /// <summary>The API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; } = PorchApi.ConfigApiVersion;

    /// <summary>The kind (<c>kind</c>).</summary>
    public string? Kind { get; set; } = PorchApi.RepositoryListKind;

    /// <summary>List metadata (<c>metadata</c>).</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items (<c>items</c>); always written.</summary>
    public List<Repository> Items { get; set; } = [];
}
