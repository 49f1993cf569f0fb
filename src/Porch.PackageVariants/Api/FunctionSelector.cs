namespace Porch.PackageVariants.Api;

/// <summary>A resource selector of a kpt function (Kptfile <c>v1.Selector</c>).</summary>
public sealed class FunctionSelector
{
    /// <summary>The apiVersion to match.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>The kind to match.</summary>
    public string? Kind { get; set; }

    /// <summary>The name to match.</summary>
    public string? Name { get; set; }

    /// <summary>The namespace to match.</summary>
    public string? Namespace { get; set; }

    /// <summary>Labels to match.</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations to match.</summary>
    public Dictionary<string, string>? Annotations { get; set; }
}
