using Microsoft.Extensions.Options;

namespace Porch.Cache;

/// <summary>Checks that intervals make sense (a storage checks its own settings when it is chosen).</summary>
internal sealed class PorchCacheOptionsValidator : IValidateOptions<PorchCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, PorchCacheOptions options)
    {
        var errors = new List<string>();
        if (options.DefaultSyncFrequency <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(PorchCacheOptions.DefaultSyncFrequency)} must be positive (was {options.DefaultSyncFrequency}).");
        }

        if (options.RetryMinDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryMinDelay)
        {
            errors.Add($"{nameof(PorchCacheOptions.RetryMinDelay)} must be positive and not above {nameof(PorchCacheOptions.RetryMaxDelay)} (were {options.RetryMinDelay} and {options.RetryMaxDelay}).");
        }

        if (options.HealthCheckTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(PorchCacheOptions.HealthCheckTimeout)} must be positive (was {options.HealthCheckTimeout}).");
        }

        if (options.ClaimTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(PorchCacheOptions.ClaimTimeout)} must be positive (was {options.ClaimTimeout}).");
        }

        if (options.ChangeFeedCapacity < 1)
        {
            errors.Add($"{nameof(PorchCacheOptions.ChangeFeedCapacity)} must be at least 1 (was {options.ChangeFeedCapacity}).");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
