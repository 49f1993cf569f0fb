namespace Porch.PackageVariants.Api;

/// <summary>A set-based label requirement.</summary>
public sealed class LabelSelectorRequirement
{
    /// <summary>The label key.</summary>
    public string Key { get; set; } = "";

    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    public string Operator { get; set; } = "";

    /// <summary>The values of <c>In</c> and <c>NotIn</c>.</summary>
    public List<string>? Values { get; set; }
}
