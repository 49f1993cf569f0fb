using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Porch.Functions.Grpc.Diagnostics;
using Porch.Functions.Grpc.Internal;
using Porch.Functions.Grpc.Protos;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Functions.Grpc;

/// <summary>
/// One function evaluated by the function runner: the ResourceList as YAML in, the runner's ResourceList out. Errors
/// read as Porch's (<c>func eval "&lt;image&gt;" failed: rpc error: code = ... desc = ...</c>); when the runner sends the
/// failed function's output in the status details, its results and stderr travel with the error.
/// </summary>
internal sealed class GrpcFunctionRunner : IFunctionRunner
{
    private const int MaxLoggedStderr = 4096;
    private readonly FunctionEvaluator.FunctionEvaluatorClient _client;
    private readonly string _image;
    private readonly GrpcFunctionRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public GrpcFunctionRunner(FunctionEvaluator.FunctionEvaluatorClient client, string image, GrpcFunctionRuntimeOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _client = client;
        _image = image;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
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

        // The deadline covers every attempt; the channel sends what is left of it as grpc-timeout. It is on the
        // channel's clock (the system's), which is the one the runner's deadline is measured against too.
        var deadline = DateTime.UtcNow + _options.Timeout;
        EvaluateFunctionResponse response;
        try
        {
            response = await _client.EvaluateFunctionAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The function evaluation was cancelled.", ex, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded && StatusText.IsDeadlineOfTheCall(ex.Status))
        {
            // This call's deadline passed, whether the channel or the runner (grpc-timeout) noticed first.
            _logger.GrpcCallFailed(_image, StatusText.GoCodeName(ex.StatusCode));
            throw new FunctionEvaluationException(
                $"func eval \"{_image}\" failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded (timeout {GoDuration.Format(_options.Timeout)})",
                innerException: ex);
        }
        catch (RpcException ex)
        {
            _logger.GrpcCallFailed(_image, StatusText.GoCodeName(ex.StatusCode));
            var text = StatusText.Go(ex.Status, request.CalculateSize, _options.MaxGrpcMessageSize);
            throw new FunctionEvaluationException($"func eval \"{_image}\" failed: {text}", ResultsFromDetails(ex), ex);
        }

        _logger.GrpcCallCompleted(_image, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        if (!response.Log.IsEmpty && _logger.IsEnabled(LogLevel.Debug))
        {
            var log = response.Log.Length > MaxLoggedStderr ? Encoding.UTF8.GetString(response.Log.Span[..MaxLoggedStderr]) + "..." : response.Log.ToStringUtf8();
            _logger.GrpcFunctionLog(_image, response.Log.Length, log);
        }

        try
        {
            var output = ResourceList.Parse(response.ResourceList.ToStringUtf8());
            output.Stderr = response.Log.IsEmpty ? null : response.Log.ToStringUtf8();
            return output;
        }
        catch (KrmYamlException ex)
        {
            throw new FunctionEvaluationException($"func eval \"{_image}\" failed: the function runner returned a malformed ResourceList: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>The failed function's results and stderr, when the runner put its output into the status details (<c>google.rpc.Status</c>).</summary>
    private FunctionResultList? ResultsFromDetails(RpcException exception)
    {
        try
        {
            var output = exception.GetRpcStatus()?.GetDetail<EvaluateFunctionResponse>();
            if (output is null)
            {
                return null;
            }

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
        catch (Exception ex) when (ex is InvalidProtocolBufferException or KrmYamlException)
        {
            // Details are a courtesy: the error text already has the results.
            return null;
        }
    }
}
