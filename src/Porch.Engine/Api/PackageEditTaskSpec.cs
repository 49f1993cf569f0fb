namespace Porch.Engine.Api;

/// <summary>
/// Payload of an <c>edit</c> task (the API form of "copy").
/// </summary>
public sealed class PackageEditTaskSpec
{
    /// <summary>The revision to copy (<c>sourceRef</c>).</summary>
    public PackageRevisionRef? SourceRef { get; set; }
}
