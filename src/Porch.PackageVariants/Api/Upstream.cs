using System.Text.Json.Serialization;

namespace Porch.PackageVariants.Api;

/// <summary>The upstream package revision of a variant.</summary>
public sealed class Upstream
{
    /// <summary>The repository of the upstream package.</summary>
    public string? Repo { get; set; }

    /// <summary>The upstream package's name (path).</summary>
    public string? Package { get; set; }

    /// <summary>The published revision number; 0 (unset) follows the latest published revision.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Revision { get; set; }

    /// <summary>The upstream revision's workspace name; when set it selects the revision instead of <see cref="Revision"/>.</summary>
    public string? WorkspaceName { get; set; }
}
