namespace Porch.Engine.Api;

/// <summary>
/// The <c>spec</c> of a <see cref="PorchPackage"/>.
/// </summary>
public sealed class PorchPackageSpec
{
    /// <summary>Package path inside the repository (<c>packageName</c>).</summary>
    public string? PackageName { get; set; }

    /// <summary>Repository name (<c>repository</c>).</summary>
    public string? Repository { get; set; }
}
