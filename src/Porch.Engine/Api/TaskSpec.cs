using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// One entry of <c>spec.tasks</c> (Go's <c>Task</c>): a type plus the payload of that type.
/// </summary>
/// <remarks>Named <c>TaskSpec</c> so that it does not collide with <see cref="System.Threading.Tasks.Task"/>.</remarks>
public sealed class TaskSpec
{
    /// <summary>The task type (<c>type</c>); always written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public TaskType Type { get; set; }

    /// <summary>The init payload (<c>init</c>).</summary>
    public PackageInitTaskSpec? Init { get; set; }

    /// <summary>The clone payload (<c>clone</c>).</summary>
    public PackageCloneTaskSpec? Clone { get; set; }

    /// <summary>The edit (copy) payload (<c>edit</c>).</summary>
    public PackageEditTaskSpec? Edit { get; set; }

    /// <summary>The upgrade payload (<c>upgrade</c>).</summary>
    public PackageUpgradeTaskSpec? Upgrade { get; set; }
}
