using Porch.Engine.Api;
using Porch.Krm;
using Porch.Engine.Repositories;

namespace Porch.Engine.Internal;

/// <summary>Builds the API objects clients see from stored revisions, their Kptfile and their stored metadata.</summary>
internal static class PackageRevisionConverter
{
    public static ValueTask<PackageRevision> ToApiAsync(RevisionEntry entry, ObjectMeta? stored, CancellationToken cancellationToken) =>
        ToApiAsync(entry.RepositoryObject, entry.Revision, entry.IsLatest, stored, cancellationToken);

    public static async ValueTask<PackageRevision> ToApiAsync(Repository repositoryObject, IPackageRevision rev, bool isLatest, ObjectMeta? stored, CancellationToken cancellationToken)
    {
        var key = rev.Key;
        var ns = key.Repository.Namespace;
        var name = key.ObjectName;
        var isPublished = rev.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed;
        Kptfile? kptfile = null;
        try
        {
            kptfile = await rev.GetKptfileAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KrmYamlException)
        {
            // A revision whose Kptfile cannot be parsed is still listed; its Kptfile-derived fields stay empty.
        }

        var meta = stored is null ? new ObjectMeta() : ObjectMetaCopy.Clone(stored);
        meta.Name = name;
        meta.Namespace = ns;
        meta.Uid = PackageRevisionName.ComputeUid(ns, name);
        meta.ResourceVersion = rev.ResourceVersion;
        meta.Labels.Remove(PorchApi.LatestRevisionLabel);
        if (isLatest)
        {
            meta.Labels[PorchApi.LatestRevisionLabel] = PorchApi.LatestRevisionLabelValue;
        }

        var spec = new PackageRevisionSpec
        {
            PackageName = key.Package.PackagePath,
            Repository = key.Repository.Name,
            WorkspaceName = key.WorkspaceName,
            Revision = key.Revision,
            Lifecycle = rev.Lifecycle,
            Tasks = [.. rev.Tasks],
        };
        var status = new PackageRevisionStatus
        {
            SelfLock = rev.Lock,
            Deployment = repositoryObject.Spec.Deployment,
        };
        if (isPublished)
        {
            status.PublishedBy = rev.PublishInfo.PublishedBy;
            status.PublishedAt = rev.PublishInfo.PublishedAt;
        }

        if (kptfile is not null)
        {
            spec.PackageMetadata = new PackageMetadata
            {
                Labels = new Dictionary<string, string>(kptfile.Labels, StringComparer.Ordinal),
                Annotations = new Dictionary<string, string>(kptfile.Annotations, StringComparer.Ordinal),
            };
            spec.ReadinessGates = [.. kptfile.Info?.ReadinessGates.Select(t => new ReadinessGate { ConditionType = t }) ?? []];
            if (kptfile.UpstreamLock?.Git is { } lockGit)
            {
                status.UpstreamLock = new Locator
                {
                    Type = kptfile.UpstreamLock.Type,
                    Git = new GitLock { Repo = lockGit.Repo, Directory = lockGit.Directory, Ref = lockGit.Ref, Commit = lockGit.Commit },
                };
            }

            foreach (var c in kptfile.Status?.Conditions ?? [])
            {
                status.Conditions.Add(new Condition
                {
                    Type = c.Type,
                    Status = c.Status switch { "True" => ConditionStatus.True, "False" => ConditionStatus.False, _ => ConditionStatus.Unknown },
                    Reason = c.Reason,
                    Message = c.Message,
                });
            }
        }

        return new PackageRevision { Metadata = meta, Spec = spec, Status = status };
    }

    public static PackageRevisionResources ToResources(PackageRevision pr, IReadOnlyDictionary<string, string> files) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = pr.Metadata.Name,
            Namespace = pr.Metadata.Namespace,
            Uid = pr.Metadata.Uid,
            ResourceVersion = pr.Metadata.ResourceVersion,
            CreationTimestamp = pr.Metadata.CreationTimestamp,
            Labels = new Dictionary<string, string>(pr.Metadata.Labels, StringComparer.Ordinal),
            Annotations = new Dictionary<string, string>(pr.Metadata.Annotations, StringComparer.Ordinal),
        },
        Spec = new PackageRevisionResourcesSpec
        {
            PackageName = pr.Spec.PackageName,
            WorkspaceName = pr.Spec.WorkspaceName,
            Revision = pr.Spec.Revision,
            Repository = pr.Spec.Repository,
            Resources = new Dictionary<string, string>(files, StringComparer.Ordinal),
        },
    };
}
