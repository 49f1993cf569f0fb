using Microsoft.Extensions.Options;

namespace Porch.Engine;

/// <summary>Validates the rules of <see cref="PorchEngineOptions"/> that DataAnnotations cannot express.</summary>
internal sealed class PorchEngineTimeoutValidator : IValidateOptions<PorchEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, PorchEngineOptions options) =>
        options.RepositoryListTimeout <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{nameof(PorchEngineOptions.RepositoryListTimeout)} must be positive (was {options.RepositoryListTimeout}).")
            : ValidateOptionsResult.Success;
}
