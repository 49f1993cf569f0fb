using System.Globalization;
using Porch.Engine.Api;

namespace Porch.Repository.Git.Objects;

/// <summary>Porch's commit messages (spec 5.4), verbatim.</summary>
internal static class CommitMessages
{
    public static string Summary(TaskSpec? task) => task?.Type switch
    {
        null => "Intermediate commit",
        TaskType.Init => "Creating new empty revision",
        TaskType.Clone => "Creating new revision by cloning",
        TaskType.Edit => "Creating new revision by copying previous revision",
        TaskType.Upgrade => "Upgrading revision",
        TaskType.Render => "Rendering package",
        TaskType.Push => "Intermediate commit: push",
        _ => "Intermediate commit: " + task.Type.ToString().ToLowerInvariant(),
    };

    /// <summary>A draft commit: summary, <c>\n</c>, then <c>\n\n</c> and the annotation line.</summary>
    public static string Draft(string fullPath, string workspace, TaskSpec? task) =>
        Summary(task) + "\n" + "\n\n" + new GitAnnotation(fullPath, workspace, "0", null, task).Format();

    public static string Approval(string fullPath, string workspace, int revision)
    {
        var number = revision.ToString(CultureInfo.InvariantCulture);
        return "Approving package revision " + fullPath + "/" + number + "\n\n" + new GitAnnotation(fullPath, workspace, number, null, null).Format();
    }

    public static string Delete(string fullPath) => "Delete " + fullPath;

    public static string InitialCommit(string branch) => "Initial commit: Creating " + branch + " branch";
}
