using Microsoft.Extensions.Options;

namespace Porch.Functions.Grpc;

/// <summary>Checks <see cref="GrpcFunctionRuntimeOptions"/> when the host starts.</summary>
internal sealed class GrpcFunctionRuntimeOptionsValidator : IValidateOptions<GrpcFunctionRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcFunctionRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!TryParseAddress(options.FunctionRunnerAddress, out _, out var problem))
        {
            failures.Add(problem);
        }

        if (options.MaxGrpcMessageSize is < 1024 or > 1 << 30)
        {
            failures.Add($"GrpcFunctionRuntimeOptions.MaxGrpcMessageSize must be between 1024 and {1 << 30} bytes, got {options.MaxGrpcMessageSize}.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromHours(24))
        {
            failures.Add($"GrpcFunctionRuntimeOptions.Timeout must be more than zero and at most 24 hours, got {options.Timeout}.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"GrpcFunctionRuntimeOptions.MaxAttempts must be between 1 and 10, got {options.MaxAttempts}.");
        }

        if (options.RetryBackoff < TimeSpan.Zero || options.RetryBackoff > TimeSpan.FromMinutes(1))
        {
            failures.Add($"GrpcFunctionRuntimeOptions.RetryBackoff must be between zero and 1 minute, got {options.RetryBackoff}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses the runner address: <c>http(s)://host:port</c>, or <c>host:port</c> meaning <c>http://</c>.</summary>
    public static bool TryParseAddress(string? address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri, out string problem)
    {
        uri = null;
        problem = "";
        const string Field = "GrpcFunctionRuntimeOptions.FunctionRunnerAddress";
        if (string.IsNullOrWhiteSpace(address))
        {
            problem = $"{Field} is required, e.g. 'http://function-runner:9445'.";
            return false;
        }

        var text = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || string.IsNullOrEmpty(parsed.Host))
        {
            problem = $"{Field} '{address}' must be an http:// or https:// address with a host, e.g. 'http://function-runner:9445'.";
            return false;
        }

        if (parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            problem = $"{Field} '{address}' must not have a path, query, fragment or user info: gRPC methods are addressed from the root.";
            return false;
        }

        uri = parsed;
        return true;
    }
}
