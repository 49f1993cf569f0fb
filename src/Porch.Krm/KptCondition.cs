namespace Porch.Krm;

/// <summary>A Kptfile status condition.</summary>
public sealed class KptCondition
{
    /// <summary><c>type</c>, e.g. <c>Rendered</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary><c>status</c>: <c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary><c>reason</c>.</summary>
    public string? Reason { get; set; }

    /// <summary><c>message</c>.</summary>
    public string? Message { get; set; }
}
