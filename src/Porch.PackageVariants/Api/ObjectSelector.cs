namespace Porch.PackageVariants.Api;

/// <summary>A label selector over objects of one apiVersion and kind in the set's namespace.</summary>
public sealed class ObjectSelector : LabelSelectorSpec
{
    /// <summary>The apiVersion of the selected objects.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>The kind of the selected objects.</summary>
    public string? Kind { get; set; }

    /// <summary>The name of the selected object, if only one.</summary>
    public string? Name { get; set; }
}
