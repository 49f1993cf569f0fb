using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Api;
using Porch.Engine.Caching;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// The finalizer Porch's repository controller keeps on every Repository (<see cref="PorchApi.RepositoryFinalizer"/>)
/// and what a delete does with it, as the controller's deletion.go: the delete marks the object terminating
/// (<c>deletionTimestamp</c>, a MODIFIED event), the cleanup closes the repository in the cache (which drops its
/// revisions and their stored metadata, and announces them as deleted), then the finalizer is removed; the object
/// goes (DELETED) once no finalizer is left, as apiserver removes it. Other finalizers hold it, terminating, until an
/// update removes them.
/// </summary>
internal static class RepositoryDeletion
{
    /// <summary>Puts the controller's finalizer on a Repository that is not being deleted (its reconcile adds it when missing).</summary>
    public static void AddFinalizer(Repository repository)
    {
        if (repository.Metadata.DeletionTimestamp is null && !repository.Metadata.Finalizers.Contains(PorchApi.RepositoryFinalizer))
        {
            repository.Metadata.Finalizers = [.. repository.Metadata.Finalizers, PorchApi.RepositoryFinalizer];
        }
    }

    /// <summary>
    /// An update of a terminating Repository keeps its deletion time and may not add finalizers (apiserver's
    /// ValidateObjectMetaUpdate text); one that removes the last finalizer deletes it. Returns whether the object is
    /// to be removed.
    /// </summary>
    public static bool CheckTerminatingUpdate(Repository repository, Repository latest)
    {
        repository.Metadata.DeletionTimestamp = latest.Metadata.DeletionTimestamp;
        repository.Metadata.DeletionGracePeriodSeconds = latest.Metadata.DeletionGracePeriodSeconds;
        if (latest.Metadata.DeletionTimestamp is null)
        {
            AddFinalizer(repository);
            return false;
        }

        var added = repository.Metadata.Finalizers.Except(latest.Metadata.Finalizers, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            var list = "[]string{" + string.Join(", ", added.Select(f => GoQuote(f))) + "}";
            throw new PackageValidationException(
                new QualifiedName(PorchApi.ConfigGroup, "Repository", repository.Metadata.Name ?? ""),
                [FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, found new finalizers " + list)]);
        }

        return repository.Metadata.Finalizers.Count == 0;
    }

    /// <summary>
    /// DELETE: marks the Repository terminating, runs the controller's cleanup when its finalizer is there, removes
    /// the finalizer, and removes the object when none is left (200 with a Success Status), or answers the terminating
    /// object (200) while other finalizers hold it.
    /// </summary>
    public static async Task<IResult> DeleteAsync(HttpContext http, RepositoryRegistry registry, Repository current, Func<Repository, Repository> redacted, CancellationToken cancellationToken)
    {
        var ns = current.Metadata.Namespace ?? "";
        var name = current.Metadata.Name ?? "";
        var cache = http.RequestServices.GetRequiredService<IPackageCache>();
        Repository? remaining;
        await RepositoryEndpoints.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var latest = await registry.GetRepositoryAsync(ns, name, cancellationToken).ConfigureAwait(false) ?? throw new RepositoryNotFoundException(ns, name);
            if (latest.Metadata.DeletionTimestamp is null && latest.Metadata.Finalizers.Count > 0)
            {
                var terminating = Copy(latest);
                terminating.Metadata.DeletionTimestamp = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                terminating.Metadata.DeletionGracePeriodSeconds = 0;
                registry.AddOrUpdate(terminating);
                latest = terminating;
            }

            if (latest.Metadata.Finalizers.Contains(PorchApi.RepositoryFinalizer))
            {
                // The controller's handleDeletion: close the repository in the cache, then drop its finalizer.
                await cache.CloseRepositoryAsync(latest, cancellationToken).ConfigureAwait(false);
                List<string> left = [.. latest.Metadata.Finalizers.Where(f => f != PorchApi.RepositoryFinalizer)];
                if (left.Count > 0)
                {
                    var cleaned = Copy(latest);
                    cleaned.Metadata.Finalizers = left;
                    registry.AddOrUpdate(cleaned);
                    latest = cleaned;
                }
                else
                {
                    // Removed with the finalizer gone, as apiserver deletes it: the DELETED event shows none.
                    latest.Metadata.Finalizers = left;
                }
            }

            remaining = latest.Metadata.Finalizers.Count > 0 ? latest : null;
            if (remaining is null)
            {
                registry.Remove(ns, name);
                ServerSideApply.Forget(registry, ns, name);
            }
        }
        finally
        {
            RepositoryEndpoints.WriteGate.Release();
        }

        if (remaining is not null)
        {
            return KubeJson.Result(redacted(remaining), PorchJsonContext.Default.Repository);
        }

        // Closed again, in case the object had no finalizer of ours (stored before it had one, or a client removed it).
        await cache.CloseRepositoryAsync(current, cancellationToken).ConfigureAwait(false);
        return KubeJson.Result(KubeStatus.Success(PorchApi.ConfigGroup, "repositories", name));
    }

    /// <summary>After an update removed the last finalizer of a terminating Repository: it goes, and its cache with it.</summary>
    public static Task FinishAsync(HttpContext http, Repository repository, CancellationToken cancellationToken) =>
        http.RequestServices.GetRequiredService<IPackageCache>().CloseRepositoryAsync(repository, cancellationToken);

    private static Repository Copy(Repository repository) =>
        KubeJson.FromNode(KubeJson.ToNode(repository, PorchJsonContext.Default.Repository), PorchJsonContext.Default.Repository, int.MaxValue);

    private static string GoQuote(string value) => Porch.Krm.GoString.Quote(value);
}
