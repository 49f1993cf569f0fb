using Microsoft.Extensions.Options;

namespace Porch.Functions.Grpc.Hosting;

/// <summary>Checks <see cref="FunctionEvaluatorOptions"/> when the host starts.</summary>
internal sealed class FunctionEvaluatorOptionsValidator : IValidateOptions<FunctionEvaluatorOptions>
{
    public ValidateOptionsResult Validate(string? name, FunctionEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxMessageSize is < 1024 or > 1 << 30)
        {
            failures.Add($"FunctionEvaluatorOptions.MaxMessageSize must be between 1024 and {1 << 30} bytes, got {options.MaxMessageSize}.");
        }

        if (options.MaxExecOutputSize is < 1024 or > 1 << 30)
        {
            failures.Add($"FunctionEvaluatorOptions.MaxExecOutputSize must be between 1024 and {1 << 30} bytes, got {options.MaxExecOutputSize}.");
        }

        if (options.ExecTimeout <= TimeSpan.Zero || options.ExecTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"FunctionEvaluatorOptions.ExecTimeout must be more than zero and at most 1 hour, got {options.ExecTimeout}.");
        }

        if (options.MaxStatusDetailsSize < 0)
        {
            failures.Add($"FunctionEvaluatorOptions.MaxStatusDetailsSize must not be negative, got {options.MaxStatusDetailsSize}.");
        }

        var images = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exec in options.ExecFunctions ?? [])
        {
            if (string.IsNullOrWhiteSpace(exec.Image) || string.IsNullOrWhiteSpace(exec.Path))
            {
                failures.Add($"FunctionEvaluatorOptions.ExecFunctions entry for image '{exec.Image}' needs both Image and Path.");
            }
            else if (!images.Add(exec.Image))
            {
                failures.Add($"FunctionEvaluatorOptions.ExecFunctions names image '{exec.Image}' more than once.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
