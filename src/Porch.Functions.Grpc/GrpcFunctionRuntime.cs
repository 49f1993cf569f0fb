using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Functions.Grpc.Internal;
using Porch.Functions.Grpc.Protos;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Functions.Grpc;

/// <summary>
/// Sends functions to a function runner over Porch's gRPC contract (<c>evaluator.FunctionEvaluator/EvaluateFunction</c>),
/// as porch-server's <c>grpcruntime.go</c> does. It serves every image, so it belongs after the runtimes that serve
/// some images themselves (the builtin runtime first, then this one, as in Porch's multi-runtime). One
/// <see cref="GrpcChannel"/> for the runner address, made once and shared by every call.
/// </summary>
internal sealed class GrpcFunctionRuntime : IFunctionRuntime, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly HttpMessageHandler? _ownedHandler;
    private readonly FunctionEvaluator.FunctionEvaluatorClient _client;
    private readonly GrpcFunctionRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public GrpcFunctionRuntime(
        IOptions<GrpcFunctionRuntimeOptions> options, ILogger<GrpcFunctionRuntime>? logger = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!GrpcFunctionRuntimeOptionsValidator.TryParseAddress(_options.FunctionRunnerAddress, out var address, out var problem))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(GrpcFunctionRuntimeOptions), [problem]);
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _channel = FunctionRunnerChannel.Create(address, _options, _logger, loggerFactory, out _ownedHandler);
        _client = new FunctionEvaluator.FunctionEvaluatorClient(_channel);
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
    /// <exception cref="RpcException">The runner did not answer with a status.</exception>
    internal async Task<bool> IsServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var response = await new Health.HealthClient(_channel)
            .CheckAsync(new HealthCheckRequest(), new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
    }

    public void Dispose()
    {
        _channel.Dispose();
        _ownedHandler?.Dispose();
    }
}
