using Microsoft.Extensions.Options;

namespace Porch.Functions.Builtin;

/// <summary>Checks <see cref="BuiltinFunctionOptions"/>: at least one prefix, each a registry path ending in <c>/</c>; non-empty known tags; positive starlark budgets.</summary>
internal sealed class BuiltinFunctionOptionsValidator : IValidateOptions<BuiltinFunctionOptions>
{
    public ValidateOptionsResult Validate(string? name, BuiltinFunctionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ImagePrefixes is null || options.ImagePrefixes.Count == 0)
        {
            return ValidateOptionsResult.Fail("BuiltinFunctionOptions.ImagePrefixes must name at least one registry prefix.");
        }

        var failures = new List<string>();
        foreach (var prefix in options.ImagePrefixes)
        {
            if (string.IsNullOrWhiteSpace(prefix) || !prefix.EndsWith('/') || prefix.Contains(':', StringComparison.Ordinal) && !prefix[..prefix.IndexOf('/', StringComparison.Ordinal)].Contains(':', StringComparison.Ordinal) || prefix.Any(char.IsWhiteSpace))
            {
                failures.Add($"BuiltinFunctionOptions.ImagePrefixes entry '{prefix}' must be a registry path ending with '/', e.g. '{BuiltinFunctionOptions.CatalogPrefix}'.");
            }
        }

        foreach (var (function, tags) in options.KnownTags)
        {
            if (tags is null || tags.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"BuiltinFunctionOptions.KnownTags['{function}'] must be a list of non-empty tags.");
            }
        }

        if (options.StarlarkMaxSteps <= 0)
        {
            failures.Add("BuiltinFunctionOptions.StarlarkMaxSteps must be positive.");
        }

        if (options.StarlarkMaxAllocations <= 0)
        {
            failures.Add("BuiltinFunctionOptions.StarlarkMaxAllocations must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
