using System.Globalization;
using Porch.Engine.Api;

namespace Porch.Cache.Sync;

/// <summary>The <c>Ready</c> condition a SyncManager writes into <c>status.conditions</c> (spec section 7.1).</summary>
internal static class RepositoryConditions
{
    public const string ReconcilingMessage = "Repository reconciliation in progress";
    public const string ReadyMessage = "Repository Ready";
    public const string UnknownError = "unknown error";

    public static KubernetesCondition Reconciling(DateTimeOffset now, long generation) =>
        New(ConditionStatus.False, PorchApi.ReasonReconciling, ReconcilingMessage, now, generation);

    public static KubernetesCondition Ready(DateTimeOffset now, long generation, DateTimeOffset? nextSync) =>
        New(
            ConditionStatus.True,
            PorchApi.ReasonReady,
            nextSync is { } next ? $"{ReadyMessage} (next sync scheduled at: {Rfc3339(next)})" : ReadyMessage,
            now,
            generation);

    public static KubernetesCondition Error(DateTimeOffset now, long generation, Exception? error) =>
        New(ConditionStatus.False, PorchApi.ReasonError, string.IsNullOrEmpty(error?.Message) ? UnknownError : error.Message, now, generation);

    /// <summary>Go's <c>time.RFC3339</c> (seconds, <c>Z</c> for UTC).</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static KubernetesCondition New(ConditionStatus status, string reason, string message, DateTimeOffset now, long generation) => new()
    {
        Type = PorchApi.RepositoryReadyCondition,
        Status = status,
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
        LastTransitionTime = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
    };
}
