namespace Porch.PackageVariants.Api;

/// <summary>A kpt pipeline (Kptfile <c>pipeline</c>): mutators and validators.</summary>
public sealed class PipelineSpec
{
    /// <summary>The mutators, in order.</summary>
    public List<FunctionSpec>? Mutators { get; set; }

    /// <summary>The validators, in order.</summary>
    public List<FunctionSpec>? Validators { get; set; }
}
