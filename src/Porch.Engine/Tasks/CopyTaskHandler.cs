using Porch.Engine.Api;
using Porch.Engine.Internal;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tasks;

/// <summary>The <c>edit</c> task (porchctl's copy): a new revision of a package from one of its published revisions (spec section 4.6).</summary>
internal sealed class CopyTaskHandler(PackageRevisionReader reader) : ICreationTaskHandler
{
    public TaskType Type => TaskType.Edit;

    public void ValidateAgainstExisting(IReadOnlyList<IPackageRevision> existing, TaskSpec task, string packageName, string repositoryName)
    {
        // The source is checked when it is read: same package, not the placeholder, published.
    }

    public async Task<Dictionary<string, string>> ApplyAsync(TaskSpec task, CreationTaskContext context, CancellationToken cancellationToken)
    {
        var edit = task.Edit ?? throw PorchErrors.Engine("edit not set for task of type \"edit\"");
        var packageKey = context.PackageKey;
        var name = edit.SourceRef?.Name ?? "";
        var source = await reader.FindEntryAsync(context.Namespace, name, cancellationToken).ConfigureAwait(false)
            ?? throw PorchErrors.Engine($"cannot find package revision {PorchErrors.Quote(name)}");
        if (source.Key.Repository.Name != packageKey.Repository.Name || source.Key.Package.PackagePath != packageKey.PackagePath)
        {
            throw PorchErrors.Engine($"source revision must be from same package {packageKey.Repository.Name}/{packageKey.PackagePath}");
        }

        if (source.IsPlaceholder)
        {
            throw PorchErrors.Engine($"source revision may not be the placeholder package revision {source.Key.Repository.Name}/{name}");
        }

        if (!source.IsPublished)
        {
            throw PorchErrors.Engine("source revision must be published");
        }

        return new Dictionary<string, string>(await source.Revision.GetResourcesAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
    }
}
