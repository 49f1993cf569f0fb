using System.Diagnostics;
using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Engine;

/// <summary>
/// Traces and measures every engine operation: one span per operation (low-cardinality name, ids as tags, errors
/// with <c>error.type</c>) and its duration, conflicts and validation failures as metrics. Arguments are checked
/// before anything is read from them.
/// </summary>
internal sealed class InstrumentedPorchEngine(PorchEngine inner, PorchEngineMetrics metrics) : IPorchEngine
{
    public Task<IReadOnlyList<PackageRevision>> ListPackageRevisionsAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return RunAsync("ListPackageRevisions", "list", filter.Namespace, filter.Repository, null, () => inner.ListPackageRevisionsAsync(filter, cancellationToken));
    }

    public Task<PackageRevision> GetPackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        RunAsync("GetPackageRevision", "get", @namespace, null, name, () => inner.GetPackageRevisionAsync(@namespace, name, cancellationToken));

    public Task<PackageRevision> CreatePackageRevisionAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return RunAsync("CreatePackageRevision", "create", packageRevision.Metadata.Namespace, packageRevision.Spec.Repository, null, () => inner.CreatePackageRevisionAsync(packageRevision, cancellationToken), packageRevision.Spec.PackageName);
    }

    public Task<PackageRevision> UpdatePackageRevisionAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return RunAsync("UpdatePackageRevision", "update", packageRevision.Metadata.Namespace, packageRevision.Spec.Repository, packageRevision.Metadata.Name, () => inner.UpdatePackageRevisionAsync(packageRevision, cancellationToken));
    }

    public Task<PackageRevision> UpdatePackageRevisionApprovalAsync(PackageRevision packageRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        return RunAsync("ApprovePackageRevision", "approve", packageRevision.Metadata.Namespace, packageRevision.Spec.Repository, packageRevision.Metadata.Name, () => inner.UpdatePackageRevisionApprovalAsync(packageRevision, cancellationToken));
    }

    public Task<PackageRevision> DeletePackageRevisionAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        RunAsync("DeletePackageRevision", "delete", @namespace, null, name, () => inner.DeletePackageRevisionAsync(@namespace, name, cancellationToken));

    public Task<IReadOnlyList<PackageRevisionResources>> ListPackageRevisionResourcesAsync(PackageRevisionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return RunAsync("ListPackageRevisionResources", "list_resources", filter.Namespace, filter.Repository, null, () => inner.ListPackageRevisionResourcesAsync(filter, cancellationToken));
    }

    public Task<PackageRevisionResources> GetPackageRevisionResourcesAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        RunAsync("GetPackageRevisionResources", "get_resources", @namespace, null, name, () => inner.GetPackageRevisionResourcesAsync(@namespace, name, cancellationToken));

    public Task<PackageRevisionResources> UpdatePackageRevisionResourcesAsync(PackageRevisionResources resources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return RunAsync("UpdatePackageRevisionResources", "update_resources", resources.Metadata.Namespace, resources.Spec.Repository, resources.Metadata.Name, () => inner.UpdatePackageRevisionResourcesAsync(resources, cancellationToken));
    }

    public Task<IReadOnlyList<PorchPackage>> ListPackagesAsync(PackageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return RunAsync("ListPackages", "list_packages", filter.Namespace, filter.Repository, null, () => inner.ListPackagesAsync(filter, cancellationToken));
    }

    public Task<PorchPackage> GetPackageAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        RunAsync("GetPackage", "get_package", @namespace, null, name, () => inner.GetPackageAsync(@namespace, name, cancellationToken));

    private async Task<T> RunAsync<T>(string activityName, string operation, string? ns, string? repository, string? name, Func<Task<T>> action, string? package = null)
    {
        using var activity = PorchEngineDiagnostics.Source.StartActivity(activityName);
        activity?.SetTag("porch.package", package);
        activity?.SetTag("porch.operation", operation);
        activity?.SetTag("porch.namespace", ns);
        activity?.SetTag("porch.repository", repository);
        activity?.SetTag("porch.package_revision", name);
        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            errorType = PorchErrorCodeExtensions.ErrorCodeOf(ex)?.ToString() ?? ex.GetType().FullName;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("error.type", errorType);
            var code = PorchErrorCodeExtensions.ErrorCodeOf(ex);
            if (code is PorchErrorCode.Conflict)
            {
                metrics.Conflicts.Add(1, new KeyValuePair<string, object?>("porch.operation", operation));
            }
            else if (code is PorchErrorCode.Validation or PorchErrorCode.RuleViolation or PorchErrorCode.Invalid or PorchErrorCode.InvalidLifecycleTransition or PorchErrorCode.BadRequest or PorchErrorCode.Forbidden)
            {
                metrics.ValidationFailures.Add(1, new KeyValuePair<string, object?>("porch.operation", operation));
            }

            throw;
        }
        finally
        {
            var tags = new TagList { { "porch.operation", operation } };
            if (repository is not null)
            {
                tags.Add("porch.repository", repository);
            }

            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            metrics.OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
