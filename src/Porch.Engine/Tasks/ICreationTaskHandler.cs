using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tasks;

/// <summary>
/// Computes the files of a new package revision from its creating task (spec section 4.6): one handler per task type
/// (init, clone, edit/copy, upgrade), chosen by <see cref="TaskHandlerRegistry"/> from the task's type.
/// </summary>
internal interface ICreationTaskHandler
{
    /// <summary>Gets the task type this handler applies.</summary>
    TaskType Type { get; }

    /// <summary>
    /// The task's rules against the revisions already in the target repository (spec section 3.2, steps 10 to 13),
    /// checked after workspace uniqueness and before anything is computed.
    /// </summary>
    /// <param name="existing">Every revision of the target repository.</param>
    /// <param name="task">The creating task.</param>
    /// <param name="packageName">The new revision's package path.</param>
    /// <param name="repositoryName">The target repository's name.</param>
    void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName);

    /// <summary>Computes the files the draft will hold; throws the engine's error when the task cannot be applied.</summary>
    /// <param name="task">The creating task (of this handler's type).</param>
    /// <param name="context">Where the new revision goes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The files, path to text.</returns>
    Task<Dictionary<string, string>> ApplyAsync(TaskSpec task, CreationTaskContext context, CancellationToken cancellationToken);
}
