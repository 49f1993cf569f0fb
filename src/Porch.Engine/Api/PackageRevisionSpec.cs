using System.Text.Json.Serialization;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// The <c>spec</c> of a <see cref="PackageRevision"/>.
/// </summary>
public sealed class PackageRevisionSpec
{
    /// <summary>Package path inside the repository, <c>/</c>-separated (<c>packageName</c>).</summary>
    public string? PackageName { get; set; }

    /// <summary>Name of the Repository object in the same namespace (<c>repository</c>).</summary>
    public string? Repository { get; set; }

    /// <summary>Workspace name, unique per package; a DNS-1123 label (<c>workspaceName</c>).</summary>
    public string? WorkspaceName { get; set; }

    /// <summary>Revision number (<c>revision</c>): 0 (omitted) for Draft/Proposed, 1 or more when published, −1 for the placeholder.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Revision { get; set; }

    /// <summary>Deprecated parent reference (<c>parent</c>), used only to compute the package-context path.</summary>
    public ParentReference? Parent { get; set; }

    /// <summary>The lifecycle (<c>lifecycle</c>); <see langword="null"/> means unset (treated as Draft).</summary>
    public PackageRevisionLifecycle? Lifecycle { get; set; }

    /// <summary>Task history (<c>tasks</c>); in practice the creating task only.</summary>
    [JsonIgnore]
    public List<TaskSpec> Tasks { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("tasks")]
    internal List<TaskSpec>? TasksJson { get => OmitEmpty.List(Tasks); set => Tasks = OmitEmpty.FromList(value); }

    /// <summary>Readiness gates mirrored from the Kptfile (<c>readinessGates</c>).</summary>
    [JsonIgnore]
    public List<ReadinessGate> ReadinessGates { get; set; } = [];

    [JsonInclude]
    [JsonPropertyName("readinessGates")]
    internal List<ReadinessGate>? ReadinessGatesJson { get => OmitEmpty.List(ReadinessGates); set => ReadinessGates = OmitEmpty.FromList(value); }

    /// <summary>Labels and annotations mirrored from the Kptfile (<c>packageMetadata</c>).</summary>
    public PackageMetadata? PackageMetadata { get; set; }
}
