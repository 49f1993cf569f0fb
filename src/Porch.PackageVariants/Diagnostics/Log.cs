using Microsoft.Extensions.Logging;

namespace Porch.PackageVariants.Diagnostics;

/// <summary>The package variant controllers' log messages (event ids 8000–8999), with Porch's texts where it logs them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, EventName = "PackageVariantCreatedPackageRevision", Level = LogLevel.Information,
        Message = "package variant \"{PackageVariant}\" created package revision \"{PackageRevision}\"")]
    public static partial void CreatedPackageRevision(this ILogger logger, string packageVariant, string packageRevision);

    [LoggerMessage(EventId = 8002, EventName = "PackageVariantCreatedUpgrade", Level = LogLevel.Information,
        Message = "package variant \"{PackageVariant}\" created upgrade \"{PackageRevision}\" based on \"{Source}\" to upstream revision {Revision}")]
    public static partial void CreatedUpgrade(this ILogger logger, string packageVariant, string packageRevision, string source, int revision);

    [LoggerMessage(EventId = 8003, EventName = "PackageVariantCreatedEdit", Level = LogLevel.Information,
        Message = "package variant \"{PackageVariant}\" created edit \"{PackageRevision}\" based on \"{Source}\"")]
    public static partial void CreatedEdit(this ILogger logger, string packageVariant, string packageRevision, string source);

    [LoggerMessage(EventId = 8004, EventName = "PackageVariantAdopting", Level = LogLevel.Information,
        Message = "package variant \"{PackageVariant}\" is adopting package revision \"{PackageRevision}\"")]
    public static partial void Adopting(this ILogger logger, string packageVariant, string packageRevision);

    [LoggerMessage(EventId = 8005, EventName = "PackageVariantDeleting", Level = LogLevel.Information,
        Message = "package variant \"{PackageVariant}\" is deleting package revision \"{PackageRevision}\"")]
    public static partial void Deleting(this ILogger logger, string packageVariant, string packageRevision);

    [LoggerMessage(EventId = 8006, EventName = "PackageVariantOrphaning", Level = LogLevel.Information,
        Message = "package variant \"{PackageVariant}\" is orphaning package revision \"{PackageRevision}\"")]
    public static partial void Orphaning(this ILogger logger, string packageVariant, string packageRevision);

    [LoggerMessage(EventId = 8007, EventName = "PackageRevisionWriteFailed", Level = LogLevel.Error,
        Message = "error {Action} package revision \"{PackageRevision}\"")]
    public static partial void PackageRevisionWriteFailed(this ILogger logger, string action, string packageRevision, Exception exception);

    [LoggerMessage(EventId = 8008, EventName = "StatusUpdateFailed", Level = LogLevel.Error,
        Message = "could not update status of \"{Name}\"")]
    public static partial void StatusUpdateFailed(this ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 8009, EventName = "ReconcileFailed", Level = LogLevel.Warning,
        Message = "reconciling {Kind} {Namespace}/{Name} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void ReconcileFailed(this ILogger logger, string kind, string @namespace, string name, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 8010, EventName = "WatchRestarted", Level = LogLevel.Warning,
        Message = "the package revision watch of the package variant controllers ended; restarting")]
    public static partial void WatchRestarted(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8011, EventName = "NoObjectsSelected", Level = LogLevel.Warning,
        Message = "no objects selected by spec.targets[{Index}] of package variant set \"{Name}\"")]
    public static partial void NoObjectsSelected(this ILogger logger, int index, string name);
}
