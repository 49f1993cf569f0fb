using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Krm;
using Grpc.Core;
using Porch.Functions.Grpc.Hosting.Diagnostics;
using Porch.Functions.Grpc.Internal;
using Porch.Functions.Grpc.Protos;

namespace Porch.Functions.Grpc.Hosting;

/// <summary>
/// What the evaluator service behind <c>MapFunctionEvaluator()</c> does with one request: the configured executables
/// first, then the registered <see cref="IFunctionRuntime"/>s in registration order, as Porch's multi-evaluator tries
/// its evaluators. Failures are <see cref="RpcException"/>s with the codes and texts of Porch's runner.
/// </summary>
internal sealed class FunctionEvaluation
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly IFunctionRuntime[] _runtimes;
    private readonly Dictionary<string, ExecFunctionOptions> _executables;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public FunctionEvaluation(
        IEnumerable<IFunctionRuntime> runtimes, IOptions<FunctionEvaluatorOptions> options, ILogger<FunctionEvaluation>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(runtimes);
        ArgumentNullException.ThrowIfNull(options);
        _runtimes = runtimes.ToArray();
        Options = options.Value;
        _executables = Options.ExecFunctions.ToDictionary(e => e.Image, StringComparer.Ordinal);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public FunctionEvaluatorOptions Options { get; }

    /// <summary>How many function runtimes serve functions besides the executables.</summary>
    public int RuntimeCount => _runtimes.Length;

    public async Task<EvaluateFunctionResponse> EvaluateAsync(EvaluateFunctionRequest request, CancellationToken cancellationToken)
    {
        var image = request.Image;
        var started = _timeProvider.GetTimestamp();
        try
        {
            var response = await EvaluateCoreAsync(request, cancellationToken).ConfigureAwait(false);
            _logger.EvaluationCompleted(image, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (RpcException ex)
        {
            _logger.EvaluationFailed(image, ex.StatusCode.ToString(), ex.Status.Detail);
            throw;
        }
    }

    private async Task<EvaluateFunctionResponse> EvaluateCoreAsync(EvaluateFunctionRequest request, CancellationToken cancellationToken)
    {
        var image = request.Image;
        if (string.IsNullOrEmpty(image))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the request names no function image"));
        }

        ResourceList input;
        try
        {
            input = ResourceList.Parse(StrictUtf8.GetString(request.ResourceList.Span));
        }
        catch (Exception ex) when (ex is KrmYamlException or DecoderFallbackException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"failed to parse the input ResourceList of function \"{image}\": {ex.Message}", ex));
        }

        if (_executables.TryGetValue(image, out var executable))
        {
            return await RunExecutableAsync(executable, request.ResourceList.Memory, cancellationToken).ConfigureAwait(false);
        }

        var function = new KptFunction { Image = image };
        foreach (var runtime in _runtimes)
        {
            IFunctionRunner? runner;
            try
            {
                runner = await runtime.GetRunnerAsync(function, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The renderer's text for a runtime that fails while looking a function up.
                _logger.EvaluationThrew(image, ex);
                throw new RpcException(new Status(StatusCode.Internal, $"function runtime failed to evaluate function \"{image}\": {ex.Message}", ex));
            }

            if (runner is not null)
            {
                return await RunAsync(runner, image, input, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new RpcException(new Status(StatusCode.NotFound, $"function \"{image}\" not found"));
    }

    private async Task<EvaluateFunctionResponse> RunAsync(IFunctionRunner runner, string image, ResourceList input, CancellationToken cancellationToken)
    {
        ResourceList output;
        try
        {
            output = await runner.RunAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (FunctionEvaluationException ex)
        {
            var record = ex.Results?.Items.FirstOrDefault();
            var results = record?.Results.Select(KrmResult.FromResultItem).ToList() ?? [];
            throw Failure(image, results, record?.Stderr ?? "", ex.Message, ex);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            _logger.EvaluationThrew(image, ex);
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to execute function \"{image}\": {ex.Message} ()", ex));
        }

        return new EvaluateFunctionResponse
        {
            ResourceList = ByteString.CopyFromUtf8(output.ToYaml()),
            Log = string.IsNullOrEmpty(output.Stderr) ? ByteString.Empty : ByteString.CopyFromUtf8(output.Stderr),
        };
    }

    private async Task<EvaluateFunctionResponse> RunExecutableAsync(ExecFunctionOptions executable, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        var outcome = await ExecFunctionProcess.RunAsync(executable, input, Options.ExecTimeout, Options.MaxExecOutputSize, _logger, cancellationToken).ConfigureAwait(false);
        var image = executable.Image;
        ResourceList? output = null;
        string? parseError = null;
        try
        {
            output = ResourceList.Parse(StrictUtf8.GetString(outcome.Stdout));
        }
        catch (Exception ex) when (ex is KrmYamlException or DecoderFallbackException)
        {
            parseError = ex.Message;
        }

        // Porch's wrapper-server: the output is parsed whether or not the function succeeded.
        if (output is null)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"failed to parse the output of function \"{image}\" with stderr '{outcome.Stderr}': {parseError}"));
        }

        if (outcome.ExitCode != 0)
        {
            throw Failure(image, output.Results, outcome.Stderr, $"exit status {outcome.ExitCode}", inner: null);
        }

        return new EvaluateFunctionResponse
        {
            ResourceList = ByteString.CopyFrom(outcome.Stdout),
            Log = ByteString.CopyFromUtf8(outcome.Stderr),
        };
    }

    /// <summary>
    /// A failed function as Porch's wrapper-server reports it (INTERNAL, the results as text in the message), with the
    /// results and stderr also in the status details when they fit.
    /// </summary>
    private RpcException Failure(string image, IList<KrmResult> results, string stderr, string error, Exception? inner)
    {
        var message = results.Count > 0
            ? $"failed to evaluate function \"{image}\" with structured results: {ResultText.Format(results)} and stderr: {stderr}"
            : $"Failed to execute function \"{image}\": {error} ({stderr})";
        // Grpc.StatusProto puts the google.rpc.Status into the grpc-status-details-bin trailer.
        return StatusDetails(message, results, stderr) is { } details
            ? details.ToRpcException()
            : new RpcException(new Status(StatusCode.Internal, message, inner));
    }

    /// <summary>The failed function's output as a <c>google.rpc.Status</c> (<c>grpc-status-details-bin</c>), when it fits the limit.</summary>
    private Google.Rpc.Status? StatusDetails(string message, IList<KrmResult> results, string stderr)
    {
        if (Options.MaxStatusDetailsSize == 0)
        {
            return null;
        }

        var output = new ResourceList();
        foreach (var result in results)
        {
            output.Results.Add(result);
        }

        var response = new EvaluateFunctionResponse
        {
            ResourceList = ByteString.CopyFromUtf8(output.ToYaml()),
            Log = ByteString.CopyFromUtf8(stderr),
        };
        var status = new Google.Rpc.Status { Code = (int)StatusCode.Internal, Message = message };
        status.Details.Add(Any.Pack(response));
        return status.CalculateSize() <= Options.MaxStatusDetailsSize ? status : null;
    }
}
