using Porch.Engine.Api;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tasks;

/// <summary>The creation task handlers by task type; a type without a handler is refused with Porch's message.</summary>
internal sealed class TaskHandlerRegistry
{
    private readonly Dictionary<TaskType, ICreationTaskHandler> _handlers = [];

    /// <summary>Initializes a new instance of the <see cref="TaskHandlerRegistry"/> class; a later handler of a type replaces an earlier one.</summary>
    /// <param name="handlers">The registered handlers.</param>
    public TaskHandlerRegistry(IEnumerable<ICreationTaskHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            _handlers[handler.Type] = handler;
        }
    }

    /// <summary>Rules of spec section 3.2, steps 9 to 13; packages are compared by their full path (spec section 12.1 fixed).</summary>
    public void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName, string workspace)
    {
        // Porch compares the leaf name of each revision's key with spec.packageName, so nested packages slipped past
        // these checks (spec section 12.1); the full package path is compared here, with Porch's messages.
        if (existing.Any(r => r.Key.Package.PackagePath == packageName && r.Key.WorkspaceName == workspace))
        {
            throw PorchErrors.Engine($"package revision workspaceNames must be unique; package revision with name {packageName} in repo {repositoryName} with workspaceName {workspace} already exists");
        }

        // A type without a handler is refused when it is applied, after the rules every task shares.
        if (_handlers.TryGetValue(task.Type, out var handler))
        {
            handler.ValidateAgainstExisting(existing, task, packageName, repositoryName);
        }
    }

    /// <summary>Applies <paramref name="task"/> with the handler of its type.</summary>
    public Task<Dictionary<string, string>> ApplyAsync(TaskSpec task, CreationTaskContext context, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(task.Type, out var handler)
            ? handler.ApplyAsync(task, context, cancellationToken)
            : throw PorchErrors.Engine($"task of type {PorchErrors.Quote(TypeName(task.Type))} not supported");

    /// <summary>The task type as it is written in the API (<c>init</c>, <c>clone</c>, ...).</summary>
    public static string TypeName(TaskType type) => type switch
    {
        TaskType.Init => "init",
        TaskType.Clone => "clone",
        TaskType.Edit => "edit",
        TaskType.Upgrade => "upgrade",
        TaskType.Render => "render",
        TaskType.Push => "push",
        _ => type.ToString(),
    };

    /// <summary>The revisions of one package path among <paramref name="existing"/>.</summary>
    internal static List<IPackageRevision> OfPackage(IReadOnlyList<IPackageRevision> existing, string packageName) =>
        existing.Where(r => r.Key.Package.PackagePath == packageName).ToList();

    /// <summary>A new package (init, clone) may neither hold nor lie inside an existing one.</summary>
    internal static void CheckNotNested(IReadOnlyList<IPackageRevision> existing, string packageName)
    {
        foreach (var revision in existing)
        {
            var other = revision.Key.Package.PackagePath;
            if (IsNestedIn(other, packageName) || IsNestedIn(packageName, other))
            {
                throw PorchErrors.Engine($"package path {PorchErrors.Quote(packageName)} conflicts with existing package {PorchErrors.Quote(other)}: packages cannot be nested");
            }
        }
    }

    /// <summary>True when <paramref name="path"/> lies strictly below <paramref name="ancestor"/> (a <c>/</c>-prefix; equal paths do not nest).</summary>
    private static bool IsNestedIn(string path, string ancestor) =>
        path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal);
}
