namespace Porch.Engine.Api;

/// <summary>
/// Kubernetes list metadata (<c>metav1.ListMeta</c>).
/// </summary>
public sealed class ListMeta
{
    /// <summary>The resource version of the list (<c>resourceVersion</c>).</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>The continuation token of a paged list (<c>continue</c>).</summary>
    public string? Continue { get; set; }

    /// <summary>How many items remain after this page (<c>remainingItemCount</c>).</summary>
    public long? RemainingItemCount { get; set; }
}
