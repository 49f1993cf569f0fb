using System.ComponentModel.DataAnnotations;

namespace Porch.PackageVariants;

/// <summary>Options of the package variant controllers.</summary>
public sealed class PackageVariantControllerOptions
{
    /// <summary>The first retry delay of a failed reconciliation; it doubles per failure. Default 5 ms (controller-runtime's).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest retry delay. Default 1000 s (controller-runtime's).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>
    /// How often every object is reconciled even without a change (changes of Repository labels and of objects an
    /// <see cref="IClusterObjectSource"/> other than <see cref="ClusterObjectRegistry"/> serves raise no event). Default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);
}
