using Microsoft.Extensions.Options;

namespace Porch.Cache;

/// <summary>Checks that the chosen storage has what it needs and that intervals make sense.</summary>
internal sealed class PorchCacheOptionsValidator : IValidateOptions<PorchCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, PorchCacheOptions options)
    {
        var errors = new List<string>();
        if (options.Storage == PackageCacheStorage.Sqlite && string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add($"{nameof(PorchCacheOptions.DatabasePath)} is required for the SQLite cache.");
        }

        if (options.Storage == PackageCacheStorage.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{nameof(PorchCacheOptions.ConnectionString)} is required for the PostgreSQL cache.");
        }

        if (!Enum.IsDefined(options.Storage))
        {
            errors.Add($"{nameof(PorchCacheOptions.Storage)} {options.Storage} is not a known storage.");
        }

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

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
