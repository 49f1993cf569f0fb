namespace Porch.PackageVariants.Api;

/// <summary>How to select an in-cluster object for the package's injection points.</summary>
public sealed class InjectionSelector
{
    /// <summary>The group of the injection points this selector applies to; any when null.</summary>
    public string? Group { get; set; }

    /// <summary>The version of the injection points this selector applies to; any when null.</summary>
    public string? Version { get; set; }

    /// <summary>The kind of the injection points this selector applies to; any when null.</summary>
    public string? Kind { get; set; }

    /// <summary>The name of the in-cluster object to inject.</summary>
    public string Name { get; set; } = "";
}
