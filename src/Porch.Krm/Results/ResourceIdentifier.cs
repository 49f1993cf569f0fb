namespace Porch.Krm;

/// <summary>
/// Identifies a resource by apiVersion, kind, name and namespace (kpt's <c>ResourceIdentifier</c>).
/// </summary>
public sealed class ResourceIdentifier
{
    /// <summary>API version (<c>apiVersion</c>).</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Kind (<c>kind</c>).</summary>
    public string? Kind { get; set; }

    /// <summary>Name (<c>name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Namespace (<c>namespace</c>).</summary>
    public string? Namespace { get; set; }
}
