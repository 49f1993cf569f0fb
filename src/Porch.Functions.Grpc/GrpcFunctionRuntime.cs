using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Grpc.Client;

namespace Porch.Functions.Grpc;

/// <summary>
/// Sends functions to a function runner over Porch's gRPC contract (<c>evaluator.FunctionEvaluator/EvaluateFunction</c>),
/// as porch-server's <c>grpcruntime.go</c> does. It serves every image, so it belongs after the runtimes that serve
/// some images themselves (the builtin runtime first, then this one, as in Porch's multi-runtime). All runners share
/// one HTTP/2 connection.
/// </summary>
internal sealed class GrpcFunctionRuntime : IFunctionRuntime, IDisposable
{
    private readonly GrpcUnaryClient _client;
    private readonly GrpcFunctionRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public GrpcFunctionRuntime(IOptions<GrpcFunctionRuntimeOptions> options, ILogger<GrpcFunctionRuntime>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!GrpcFunctionRuntimeOptionsValidator.TryParseAddress(_options.FunctionRunnerAddress, out var address, out var problem))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(GrpcFunctionRuntimeOptions), [problem]);
        }

        _client = new GrpcUnaryClient(address, _options.MaxGrpcMessageSize, _options.MaxGrpcMessageSize);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);

        // Like Porch's GetRunner: no availability check here; exec functions are never sent to a runner.
        return ValueTask.FromResult<IFunctionRunner?>(function.Image is { Length: > 0 } image
            ? new GrpcFunctionRunner(_client, image, _options, _logger, _timeProvider)
            : null);
    }

    /// <summary>Asks the runner's standard health service (<c>grpc.health.v1.Health/Check</c>) whether it serves.</summary>
    internal async Task<bool> IsServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var response = await _client.CallAsync(
            "/grpc.health.v1.Health/Check",
            new Protos.Health.HealthCheckRequest(),
            Protos.Health.HealthCheckResponse.Parser,
            timeout,
            deadline.Token).ConfigureAwait(false);
        return response.Status == Protos.Health.HealthCheckResponse.Types.ServingStatus.Serving;
    }

    public void Dispose() => _client.Dispose();
}
