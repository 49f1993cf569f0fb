using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Grpc.Client;
using Porch.Functions.Grpc.Diagnostics;
using Porch.Functions.Grpc.Internal;
using Porch.Functions.Grpc.Protos;
using Porch.Functions.Grpc.Wire;

namespace Porch.Functions.Grpc;

/// <summary>
/// One function evaluated by the function runner: the ResourceList as YAML in, the runner's ResourceList out. Errors
/// read as Porch's (<c>func eval "&lt;image&gt;" failed: rpc error: code = ... desc = ...</c>); when the runner sends the
/// failed function's output in the status details, its results and stderr travel with the error.
/// </summary>
internal sealed class GrpcFunctionRunner : IFunctionRunner
{
    /// <summary>The method path of <c>EvaluateFunction</c>.</summary>
    public const string Method = "/evaluator.FunctionEvaluator/EvaluateFunction";

    private const int MaxLoggedStderr = 4096;
    private readonly GrpcUnaryClient _client;
    private readonly string _image;
    private readonly GrpcFunctionRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline _retry;

    public GrpcFunctionRunner(GrpcUnaryClient client, string image, GrpcFunctionRuntimeOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _client = client;
        _image = image;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _retry = BuildRetry(options, timeProvider, logger, image);
    }

    /// <inheritdoc/>
    public async Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = new EvaluateFunctionRequest
        {
            ResourceList = ByteString.CopyFromUtf8(input.ToYaml()),
            Image = _image,
        };

        var started = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        EvaluateFunctionResponse response;
        try
        {
            response = await CallWithRetriesAsync(request, started, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw DeadlineExceeded(ex);
        }
        catch (GrpcStatusException ex) when (ex.StatusCode == GrpcStatusCode.DeadlineExceeded
            && string.Equals(ex.Detail, GrpcProtocol.DeadlineExceededMessage, StringComparison.OrdinalIgnoreCase))
        {
            // The runner enforced the deadline this call sent in grpc-timeout: it is this call's timeout.
            throw DeadlineExceeded(ex);
        }
        catch (GrpcStatusException ex)
        {
            _logger.GrpcCallFailed(_image, ex.StatusCode.ToString());
            throw new FunctionEvaluationException($"func eval \"{_image}\" failed: {ex.GoText}", ResultsFromDetails(ex.StatusDetails), ex);
        }

        _logger.GrpcCallCompleted(_image, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        if (!response.Log.IsEmpty && _logger.IsEnabled(LogLevel.Debug))
        {
            var log = response.Log.Length > MaxLoggedStderr ? Encoding.UTF8.GetString(response.Log.Span[..MaxLoggedStderr]) + "..." : response.Log.ToStringUtf8();
            _logger.GrpcFunctionLog(_image, response.Log.Length, log);
        }

        try
        {
            return ResourceList.Parse(response.ResourceList.ToStringUtf8());
        }
        catch (KrmYamlException ex)
        {
            throw new FunctionEvaluationException($"func eval \"{_image}\" failed: the function runner returned a malformed ResourceList: {ex.Message}", innerException: ex);
        }
    }

    private async Task<EvaluateFunctionResponse> CallWithRetriesAsync(EvaluateFunctionRequest request, long started, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(
            static (state, ct) =>
            {
                var (runner, request, started) = state;
                var remaining = runner._options.Timeout - runner._timeProvider.GetElapsedTime(started);
                return new ValueTask<EvaluateFunctionResponse>(
                    runner._client.CallAsync(Method, request, EvaluateFunctionResponse.Parser, remaining, ct));
            },
            (this, request, started),
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The runner's one retry policy (Polly): <see cref="GrpcFunctionRuntimeOptions.MaxAttempts"/> attempts in all, only
    /// on <c>UNAVAILABLE</c>, exponential backoff with jitter from <see cref="GrpcFunctionRuntimeOptions.RetryBackoff"/>,
    /// waiting on the runtime's <see cref="TimeProvider"/> and within the evaluation's deadline.
    /// </summary>
    private static ResiliencePipeline BuildRetry(GrpcFunctionRuntimeOptions options, TimeProvider time, ILogger logger, string image)
    {
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { Name = "porch-grpc-function-runner", InstanceName = image, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBackoff,
                ShouldHandle = new PredicateBuilder().Handle<GrpcStatusException>(ex => ex.StatusCode == GrpcStatusCode.Unavailable),
                OnRetry = args =>
                {
                    var detail = (args.Outcome.Exception as GrpcStatusException)?.Detail ?? "";
                    logger.GrpcCallRetrying(image, args.AttemptNumber + 1, options.MaxAttempts, (long)args.RetryDelay.TotalMilliseconds, detail);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private FunctionEvaluationException DeadlineExceeded(Exception inner)
    {
        _logger.GrpcCallFailed(_image, nameof(GrpcStatusCode.DeadlineExceeded));
        return new FunctionEvaluationException(
            $"func eval \"{_image}\" failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded (timeout {GoDuration.Format(_options.Timeout)})",
            innerException: inner);
    }

    /// <summary>The failed function's results and stderr, when the runner put its output into <c>grpc-status-details-bin</c>.</summary>
    private FunctionResultList? ResultsFromDetails(byte[]? details)
    {
        if (details is null)
        {
            return null;
        }

        try
        {
            var status = Protos.Rpc.Status.Parser.ParseFrom(details);
            foreach (var any in status.Details)
            {
                if (!any.TypeUrl.EndsWith("/" + EvaluateFunctionResponse.Descriptor.FullName, StringComparison.Ordinal))
                {
                    continue;
                }

                var output = EvaluateFunctionResponse.Parser.ParseFrom(any.Value);
                var record = new FunctionResult
                {
                    Image = _image,
                    ExitCode = 1,
                    Stderr = output.Log.IsEmpty ? null : output.Log.ToStringUtf8(),
                };
                if (!output.ResourceList.IsEmpty)
                {
                    record.Results = ResourceList.Parse(output.ResourceList.ToStringUtf8()).Results.Select(r => r.ToResultItem()).ToList();
                }

                return new FunctionResultList { Items = [record], ExitCode = 1 };
            }
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or KrmYamlException)
        {
            // Details are a courtesy: the error text already has the results.
        }

        return null;
    }
}
