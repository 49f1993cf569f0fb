using Porch.Engine.Api;

namespace Porch.Engine.Internal;

/// <summary>Copies of the metadata parts the engine stores.</summary>
internal static class ObjectMetaCopy
{
    public static ObjectMeta Clone(ObjectMeta m) => new()
    {
        Name = m.Name,
        Namespace = m.Namespace,
        Uid = m.Uid,
        ResourceVersion = m.ResourceVersion,
        Generation = m.Generation,
        CreationTimestamp = m.CreationTimestamp,
        DeletionTimestamp = m.DeletionTimestamp,
        DeletionGracePeriodSeconds = m.DeletionGracePeriodSeconds,
        Labels = new Dictionary<string, string>(m.Labels, StringComparer.Ordinal),
        Annotations = new Dictionary<string, string>(m.Annotations, StringComparer.Ordinal),
        Finalizers = [.. m.Finalizers],
        OwnerReferences = [.. m.OwnerReferences.Select(CloneOwner)],
    };

    /// <summary>The stored part of a client's metadata: labels (without the computed latest label), annotations, finalizers, owners.</summary>
    public static ObjectMeta Stored(ObjectMeta from, DateTimeOffset? created)
    {
        var labels = new Dictionary<string, string>(from.Labels, StringComparer.Ordinal);
        labels.Remove(PorchApi.LatestRevisionLabel);
        return new ObjectMeta
        {
            Labels = labels,
            Annotations = new Dictionary<string, string>(from.Annotations, StringComparer.Ordinal),
            Finalizers = [.. from.Finalizers],
            OwnerReferences = [.. from.OwnerReferences.Select(CloneOwner)],
            CreationTimestamp = created,
            DeletionTimestamp = from.DeletionTimestamp,
        };
    }

    private static OwnerReference CloneOwner(OwnerReference o) => new()
    {
        ApiVersion = o.ApiVersion,
        Kind = o.Kind,
        Name = o.Name,
        Uid = o.Uid,
        Controller = o.Controller,
        BlockOwnerDeletion = o.BlockOwnerDeletion,
    };
}
