namespace Porch.PackageVariants.Api;

/// <summary>A kpt function of a pipeline (Kptfile <c>v1.Function</c>).</summary>
public sealed class FunctionSpec
{
    /// <summary>The function's image.</summary>
    public string? Image { get; set; }

    /// <summary>The function's name.</summary>
    public string? Name { get; set; }

    /// <summary>A path of a function config file in the package.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>Inline function config.</summary>
    public Dictionary<string, string>? ConfigMap { get; set; }

    /// <summary>Selects the resources the function runs on.</summary>
    public List<FunctionSelector>? Selectors { get; set; }

    /// <summary>Excludes resources from the function.</summary>
    public List<FunctionSelector>? Exclude { get; set; }
}
