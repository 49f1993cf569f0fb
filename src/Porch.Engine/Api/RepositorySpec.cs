using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The <c>spec</c> of a <see cref="Repository"/>.
/// </summary>
public sealed class RepositorySpec
{
    /// <summary>User-friendly description (<c>description</c>).</summary>
    public string? Description { get; set; }

    /// <summary>Whether this is a deployment repository (<c>deployment</c>); omitted when false.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Deployment { get; set; }

    /// <summary>The repository type (<c>type</c>).</summary>
    public RepositoryType? Type { get; set; }

    /// <summary>Deprecated content type (<c>content</c>); the only valid value is <c>Package</c>.</summary>
    public string? Content { get; set; }

    /// <summary>Synchronisation schedule (<c>sync</c>).</summary>
    public RepositorySync? Sync { get; set; }

    /// <summary>Git details (<c>git</c>), required when the type is git.</summary>
    public GitRepository? Git { get; set; }

    /// <summary>OCI details (<c>oci</c>), required when the type is oci.</summary>
    public OciRepository? Oci { get; set; }
}
