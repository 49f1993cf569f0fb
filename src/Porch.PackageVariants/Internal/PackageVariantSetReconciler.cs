using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Diagnostics;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// One reconciliation of a PackageVariantSet, as Porch's <c>PackageVariantSetReconciler.Reconcile</c>: validate,
/// find the upstream, unroll the targets, render one PackageVariant spec per downstream, then create, update and
/// delete the PackageVariants the set owns (label <c>config.porch.kpt.dev/packagevariantset</c> = the set's uid).
/// </summary>
internal sealed class PackageVariantSetReconciler(
    IPorchEngine engine,
    PackageVariantStore store,
    IReferenceResolver repositories,
    IClusterObjectSource objects,
    TimeProvider time,
    ILogger<PackageVariantSetReconciler> logger)
{
    private const int PackageVariantNameMaxLength = 63;
    private const int PackageVariantNameHashLength = 8;

    public async Task ReconcileAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var pvs = store.GetPackageVariantSet(@namespace, name);
        if (pvs is null)
        {
            return;
        }

        if (pvs.Metadata.DeletionTimestamp is not null)
        {
            // Porch relies on garbage collection of the owned PackageVariants; we delete them here.
            foreach (var pv in Owned(pvs))
            {
                store.DeletePackageVariant(@namespace, pv.Metadata.Name!);
            }

            return;
        }

        try
        {
            await ReconcileLiveAsync(pvs, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                pvs.Metadata.ResourceVersion = null;
                store.UpdatePackageVariantSetStatus(pvs);
            }
            catch (PorchException ex)
            {
                logger.StatusUpdateFailed(name, ex);
            }
        }
    }

    private async Task ReconcileLiveAsync(PackageVariantSet pvs, CancellationToken cancellationToken)
    {
        var errors = PackageVariantSetValidation.Validate(pvs);
        if (errors.Count > 0)
        {
            SetStalled(pvs, "ValidationError", PackageVariantValidation.Combine(errors));
            return;
        }

        var ns = pvs.Metadata.Namespace!;
        var prList = await engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = ns }, cancellationToken).ConfigureAwait(false);
        var upstream = PackageVariantReconciler.FindUpstream(pvs.Spec.Upstream!, prList);
        if (upstream is null)
        {
            // Package revision changes trigger a reconciliation: no retry needed.
            SetStalled(pvs, "UpstreamNotFound", PackageVariantReconciler.UpstreamNotFound(pvs.Spec.Upstream!));
            return;
        }

        var repoList = await repositories.ListRepositoriesAsync(ns, cancellationToken).ConfigureAwait(false);
        List<VariantTarget> downstreams;
        try
        {
            downstreams = await UnrollDownstreamTargetsAsync(pvs, repoList, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or PorchException)
        {
            SetStalled(pvs, "UnexpectedError", ex.Message);
            return;
        }

        SetCondition(pvs, PackageVariantApi.ConditionTypeStalled, ConditionStatus.False, "Valid", "all validation checks passed");
        try
        {
            EnsurePackageVariants(pvs, repoList, upstream, downstreams);
        }
        catch (Exception ex) when (ex is TemplateExpressionException or PorchException)
        {
            SetStalled(pvs, "UnexpectedError", ex.Message);
            return;
        }

        SetCondition(pvs, PackageVariantApi.ConditionTypeReady, ConditionStatus.True, "Reconciled", "package variants successfully reconciled");
    }

    private async Task<List<VariantTarget>> UnrollDownstreamTargetsAsync(PackageVariantSet pvs, IReadOnlyList<Repository> repoList, CancellationToken cancellationToken)
    {
        var upstreamPackage = pvs.Spec.Upstream!.Package!;
        var result = new List<VariantTarget>();
        var targets = pvs.Spec.Targets!;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (target.Repositories is { Count: > 0 })
            {
                foreach (var rt in target.Repositories)
                {
                    foreach (var package in rt.PackageNames is { Count: > 0 } names ? names : [upstreamPackage])
                    {
                        result.Add(new VariantTarget(target.Template, rt.Name, package, null));
                    }
                }

                continue;
            }

            var selected = new List<(string Name, IReadOnlyDictionary<string, object?> Input)>();
            if (target.RepositorySelector is { } repositorySelector)
            {
                // A label selector over Repository objects (Porch: an object selector of config.porch.kpt.dev/v1alpha1 Repository).
                foreach (var repository in repoList.Where(r => repositorySelector.Matches(r.Metadata.Labels)))
                {
                    selected.Add((repository.Metadata.Name!, RepositoryInput(repository)));
                }
            }
            else
            {
                var selector = target.ObjectSelector!;
                var candidates = await objects.ListAsync(pvs.Metadata.Namespace!, selector.ApiVersion!, selector.Kind!, cancellationToken).ConfigureAwait(false);
                foreach (var obj in candidates)
                {
                    if ((selector.Name is null || selector.Name == obj.Name) && selector.Matches(obj.Labels))
                    {
                        selected.Add((obj.Name, PackageVariantSetRendering.ObjectInput(obj.Name, obj.Namespace, obj.Labels, obj.Annotations)));
                    }
                }
            }

            if (selected.Count == 0)
            {
                logger.NoObjectsSelected(i, pvs.Metadata.Name!);
            }

            foreach (var (name, input) in selected)
            {
                result.Add(new VariantTarget(target.Template, name, upstreamPackage, input));
            }
        }

        return result;
    }

    private void EnsurePackageVariants(PackageVariantSet pvs, IReadOnlyList<Repository> repoList, PackageRevision upstream, List<VariantTarget> downstreams)
    {
        var existing = new Dictionary<string, PackageVariant>(StringComparer.Ordinal);
        foreach (var pv in Owned(pvs))
        {
            if (pv.Spec.Downstream is not null)
            {
                existing[PackageVariantIdentifier(pvs.Metadata.Name!, pv.Spec)] = pv;
            }
        }

        var repositoryInputs = repoList.ToDictionary(r => r.Metadata.Name!, RepositoryInput, StringComparer.Ordinal);
        var upstreamInput = PackageVariantSetRendering.ObjectInput(upstream.Metadata.Name, upstream.Metadata.Namespace, upstream.Metadata.Labels, upstream.Metadata.Annotations);
        var desired = new Dictionary<string, PackageVariant>(StringComparer.Ordinal);
        foreach (var downstream in downstreams)
        {
            var spec = PackageVariantSetRendering.Render(pvs.Spec.Upstream!, repositoryInputs, upstreamInput, downstream);
            var id = PackageVariantIdentifier(pvs.Metadata.Name!, spec);
            desired[id] = new PackageVariant
            {
                Metadata = new ObjectMeta
                {
                    Name = PackageVariantName(id),
                    Namespace = pvs.Metadata.Namespace,
                    Finalizers = [PackageVariantApi.Finalizer],
                    Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [PackageVariantApi.PackageVariantSetOwnerLabel] = pvs.Metadata.Uid ?? "" },
                    OwnerReferences =
                    [
                        new OwnerReference
                        {
                            ApiVersion = pvs.ApiVersion ?? PackageVariantApi.PackageVariantSetApiVersion,
                            Kind = pvs.Kind ?? PackageVariantApi.PackageVariantSetKind,
                            Name = pvs.Metadata.Name!,
                            Uid = pvs.Metadata.Uid ?? "",
                            Controller = true,
                        },
                    ],
                },
                Spec = spec,
            };
        }

        foreach (var (id, pv) in existing)
        {
            if (!desired.ContainsKey(id))
            {
                store.DeletePackageVariant(pv.Metadata.Namespace!, pv.Metadata.Name!);
            }
        }

        foreach (var (id, pv) in desired)
        {
            if (existing.TryGetValue(id, out var current))
            {
                // Only the spec changes; an unchanged spec is not written.
                if (JsonSerializer.Serialize(current.Spec, PackageVariantJsonContext.Default.PackageVariantSpec) !=
                    JsonSerializer.Serialize(pv.Spec, PackageVariantJsonContext.Default.PackageVariantSpec))
                {
                    current.Spec = pv.Spec;
                    store.UpdatePackageVariant(current);
                }
            }
            else
            {
                store.CreatePackageVariant(pv);
            }
        }
    }

    private IEnumerable<PackageVariant> Owned(PackageVariantSet pvs) =>
        store.ListPackageVariants(pvs.Metadata.Namespace).Where(pv =>
            pv.Metadata.Labels.TryGetValue(PackageVariantApi.PackageVariantSetOwnerLabel, out var uid) && uid == pvs.Metadata.Uid);

    private static IReadOnlyDictionary<string, object?> RepositoryInput(Repository repository) =>
        PackageVariantSetRendering.ObjectInput(repository.Metadata.Name, repository.Metadata.Namespace, repository.Metadata.Labels, repository.Metadata.Annotations);

    /// <summary>Porch's <c>packageVariantIdentifier</c>: set name, downstream repo and package joined by '-'.</summary>
    internal static string PackageVariantIdentifier(string pvsName, PackageVariantSpec spec) =>
        pvsName + "-" + spec.Downstream!.Repo + "-" + spec.Downstream.Package;

    /// <summary>Porch's <c>packageVariantName</c>: the identifier, or its first 54 characters, '-' and 8 hex digits of its SHA-1.</summary>
    internal static string PackageVariantName(string id)
    {
        if (id.Length <= PackageVariantNameMaxLength)
        {
            return id;
        }

#pragma warning disable CA5350 // Porch's naming uses SHA-1; not a security use.
        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id)));
#pragma warning restore CA5350
        var stub = PackageVariantNameMaxLength - PackageVariantNameHashLength - 1;
        return string.Create(CultureInfo.InvariantCulture, $"{id[..stub]}-{hash[..PackageVariantNameHashLength]}");
    }

    private void SetStalled(PackageVariantSet pvs, string reason, string message)
    {
        SetCondition(pvs, PackageVariantApi.ConditionTypeStalled, ConditionStatus.True, reason, message);
        SetCondition(pvs, PackageVariantApi.ConditionTypeReady, ConditionStatus.False, reason, message);
    }

    private void SetCondition(PackageVariantSet pvs, string type, ConditionStatus status, string reason, string message) =>
        pvs.Status.Conditions = Conditions.Set(pvs.Status.Conditions, type, status, reason, message, pvs.Metadata.Generation, time.GetUtcNow());
}
