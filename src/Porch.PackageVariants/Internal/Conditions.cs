using Porch.Engine.Api;

namespace Porch.PackageVariants.Internal;

/// <summary>apimachinery's <c>meta.SetStatusCondition</c>: replace by type, keep the transition time unless the status changed.</summary>
internal static class Conditions
{
    public static List<KubernetesCondition> Set(List<KubernetesCondition>? conditions, string type, ConditionStatus status, string reason, string message, long generation, DateTimeOffset now)
    {
        var list = conditions is null ? [] : new List<KubernetesCondition>(conditions);
        var index = list.FindIndex(c => c.Type == type);
        if (index < 0)
        {
            list.Add(new KubernetesCondition { Type = type, Status = status, Reason = reason, Message = message, ObservedGeneration = generation, LastTransitionTime = now });
            return list;
        }

        var existing = list[index];
        list[index] = new KubernetesCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = existing.Status == status && existing.LastTransitionTime is not null ? existing.LastTransitionTime : now,
        };
        return list;
    }
}
