namespace Porch.Krm;

/// <summary>
/// A field of a resource referred to by a result (kpt's <c>Field</c>).
/// </summary>
public sealed class ResultField
{
    /// <summary>The field path (<c>path</c>).</summary>
    public string? Path { get; set; }

    /// <summary>The current value (<c>currentValue</c>).</summary>
    public string? CurrentValue { get; set; }

    /// <summary>The proposed value (<c>proposedValue</c>).</summary>
    public string? ProposedValue { get; set; }
}
