using Microsoft.Extensions.Logging;

namespace Porch.Repository.Git.Diagnostics;

/// <summary>Log messages of Porch.Repository.Git (event ids 3000–3999). Never logs credentials or package contents.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, EventName = "PushRetried", Level = LogLevel.Warning,
        Message = "Push to repository {Repository} failed transiently; retry {Attempt} of {MaxAttempts}")]
    public static partial void PushRetried(this ILogger logger, string repository, int attempt, int maxAttempts, Exception? exception);

    [LoggerMessage(EventId = 3002, EventName = "RegisteredBranchMoved", Level = LogLevel.Information,
        Message = "Branch {Branch} of repository {Repository} moved while writing; rebuilding the commit on the new tip (attempt {Attempt} of {MaxAttempts})")]
    public static partial void RegisteredBranchMoved(this ILogger logger, string repository, string branch, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 3003, EventName = "Pushed", Level = LogLevel.Debug,
        Message = "Pushed {RefCount} reference updates to repository {Repository} in {ElapsedMilliseconds} ms")]
    public static partial void Pushed(this ILogger logger, string repository, int refCount, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3004, EventName = "GroupPushed", Level = LogLevel.Debug,
        Message = "Pushed {CloseCount} closes together to repository {Repository} ({RefCount} reference updates)")]
    public static partial void GroupPushed(this ILogger logger, string repository, int closeCount, int refCount);

    [LoggerMessage(EventId = 3005, EventName = "BranchLockUnavailable", Level = LogLevel.Warning,
        Message = "Could not take the branch lock of {Repository}; pushing without it (each push still checks its lease)")]
    public static partial void BranchLockUnavailable(this ILogger logger, string repository, Exception exception);

    [LoggerMessage(EventId = 3010, EventName = "MalformedBranchSkipped", Level = LogLevel.Warning,
        Message = "Skipping branch {RefName} of repository {Repository}: it names no workspace")]
    public static partial void MalformedBranchSkipped(this ILogger logger, string repository, string refName);

    [LoggerMessage(EventId = 3011, EventName = "BranchWithoutKptfileSkipped", Level = LogLevel.Warning,
        Message = "Skipping branch {RefName} of repository {Repository}: the package has no Kptfile")]
    public static partial void BranchWithoutKptfileSkipped(this ILogger logger, string repository, string refName);

    [LoggerMessage(EventId = 3012, EventName = "InvalidAnnotationSkipped", Level = LogLevel.Warning,
        Message = "Skipping {Count} malformed kpt annotation line(s) in commit {CommitId} of repository {Repository}")]
    public static partial void InvalidAnnotationSkipped(this ILogger logger, string repository, string commitId, int count);

    [LoggerMessage(EventId = 3020, EventName = "FetchRetried", Level = LogLevel.Warning,
        Message = "Fetch of repository {Repository} failed; retry {Attempt} of {MaxAttempts}")]
    public static partial void FetchRetried(this ILogger logger, string repository, int attempt, int maxAttempts, Exception? exception);

    [LoggerMessage(EventId = 3021, EventName = "MirrorCreated", Level = LogLevel.Information,
        Message = "Created the local mirror {MirrorDirectory} for repository {Repository}")]
    public static partial void MirrorCreated(this ILogger logger, string repository, string mirrorDirectory);

    [LoggerMessage(EventId = 3022, EventName = "MirrorRemoved", Level = LogLevel.Debug,
        Message = "Removed the local mirror {MirrorDirectory}: its last repository closed")]
    public static partial void MirrorRemoved(this ILogger logger, string mirrorDirectory);

    [LoggerMessage(EventId = 3025, EventName = "MirrorRemoveFailed", Level = LogLevel.Warning,
        Message = "Could not remove the local mirror {MirrorDirectory} (work still finishing?); the next open reuses or replaces it")]
    public static partial void MirrorRemoveFailed(this ILogger logger, string mirrorDirectory, Exception exception);

    [LoggerMessage(EventId = 3023, EventName = "BranchCreated", Level = LogLevel.Information,
        Message = "Created branch {Branch} in repository {Repository}")]
    public static partial void BranchCreated(this ILogger logger, string repository, string branch);

    [LoggerMessage(EventId = 3024, EventName = "LocalRefUpdateFailed", Level = LogLevel.Warning,
        Message = "The push to repository {Repository} succeeded but the local mirror could not be updated; fetching instead")]
    public static partial void LocalRefUpdateFailed(this ILogger logger, string repository, Exception exception);

    [LoggerMessage(EventId = 3026, EventName = "CredentialsResolvedAgain", Level = LogLevel.Information,
        Message = "The remote of repository {Repository} refused its credentials; resolved them again for one more attempt")]
    public static partial void CredentialsResolvedAgain(this ILogger logger, string repository);

    [LoggerMessage(EventId = 3027, EventName = "CaBundleUnavailable", Level = LogLevel.Error,
        Message = "failed to obtain caBundle from secret {Namespace}/{SecretName}: {Reason}")]
    public static partial void CaBundleUnavailable(this ILogger logger, string @namespace, string secretName, string reason);

    [LoggerMessage(EventId = 3030, EventName = "GitCommand", Level = LogLevel.Debug,
        Message = "git {Arguments} (in {Directory})")]
    public static partial void GitCommand(ILogger logger, string arguments, string directory);
}
