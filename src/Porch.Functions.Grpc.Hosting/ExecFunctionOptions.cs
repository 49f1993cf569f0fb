namespace Porch.Functions.Grpc.Hosting;

/// <summary>A local executable served as the function of one image.</summary>
public sealed class ExecFunctionOptions
{
    /// <summary>Gets or sets the resolved image the executable serves, e.g. <c>ghcr.io/kptdev/krm-functions-catalog/set-labels:v0.2</c>; matched exactly.</summary>
    public string Image { get; set; } = "";

    /// <summary>Gets or sets the path of the executable.</summary>
    public string Path { get; set; } = "";

    /// <summary>Gets or sets the arguments passed to the executable.</summary>
    /// <remarks>Default none.</remarks>
    public IList<string> Arguments { get; set; } = new List<string>();
}
