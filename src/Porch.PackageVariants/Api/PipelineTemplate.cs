namespace Porch.PackageVariants.Api;

/// <summary>The pipeline of a variant.</summary>
public sealed class PipelineTemplate
{
    /// <summary>The validators.</summary>
    public List<FunctionTemplate>? Validators { get; set; }

    /// <summary>The mutators.</summary>
    public List<FunctionTemplate>? Mutators { get; set; }
}
