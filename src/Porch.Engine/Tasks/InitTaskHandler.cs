using Porch.Engine.Api;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tasks;

/// <summary>The <c>init</c> task: a new package from kpt's initializer (spec sections 4.6 and 9.1).</summary>
internal sealed class InitTaskHandler : ICreationTaskHandler
{
    public TaskType Type => TaskType.Init;

    public void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName)
    {
        if (TaskHandlerRegistry.OfPackage(existing, packageName).Count > 0)
        {
            throw PorchErrors.Engine($"package {PorchErrors.Quote(packageName)} already exists in repository {PorchErrors.Quote(repositoryName)}");
        }

        TaskHandlerRegistry.CheckNotNested(existing, packageName);
    }

    public Task<Dictionary<string, string>> ApplyAsync(TaskSpec task, CreationTaskContext context, CancellationToken cancellationToken)
    {
        if (task.Init is null)
        {
            throw PorchErrors.Engine("init not set for task of type \"init\"");
        }

        return Task.FromResult(PackageInitializer.Apply(context.PackageName, task.Init, new Dictionary<string, string>()));
    }
}
