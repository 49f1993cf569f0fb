using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Porch.Tests.Shared.Time;
using Porch.Functions.Grpc.Protos;
using Porch.Functions.Grpc.Tests.Infrastructure;
using Porch.Functions.Grpc.Wire;
using Porch.Testing;

namespace Porch.Functions.Grpc.Tests.Client;

/// <summary>
/// The runtime's one retry policy (issue 17 item 4): UNAVAILABLE, the only status retried, is attempted again after an
/// exponential, jittered backoff that waits on the TimeProvider.
/// </summary>
public sealed class GrpcRetryTests
{
    [Fact]
    public async Task Unavailable_RetriedAfterTheBackoffTimerOnTheGivenClock()
    {
        var calls = 0;
        var (app, address) = await FunctionRunnerHost.StartRawAsync(async context =>
        {
            var payload = await GrpcProtocol.ReadSingleMessageAsync(context.Request.Body, 1 << 20, isResponse: false, context.RequestAborted);
            context.Response.ContentType = GrpcProtocol.ContentType;
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers[GrpcProtocol.StatusHeader] = "14";
                context.Response.Headers[GrpcProtocol.MessageHeader] = "draining";
                return;
            }

            var request = EvaluateFunctionRequest.Parser.ParseFrom(payload);
            await context.Response.Body.WriteAsync(GrpcProtocol.Frame(new EvaluateFunctionResponse { ResourceList = request.ResourceList }.ToByteArray()));
            context.Response.AppendTrailer(GrpcProtocol.StatusHeader, "0");
        });
        await using var _ = app;
        var options = new GrpcFunctionRuntimeOptions { FunctionRunnerAddress = address.ToString(), RetryBackoff = TimeSpan.FromSeconds(2) };
        var clock = new TimerSignallingClock(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        using var runtime = new GrpcFunctionRuntime(Options.Create(options), logger: null, timeProvider: clock);

        var run = GrpcFunctionRuntimeTests.RunAsync(runtime, TestFunctionRuntime.NoOp, Resources.List(2));

        // The first timer is the evaluation's deadline; the next one is the backoff, which only the fake clock ends.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var deadline = await clock.NextTimerAsync(timeout.Token);
        Assert.Equal(options.Timeout, deadline);
        var backoff = await clock.NextTimerAsync(timeout.Token);
        Assert.InRange(backoff, TimeSpan.FromTicks(1), options.Timeout);
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.False(run.IsCompleted);

        clock.Inner.Advance(backoff);
        var output = await run.WaitAsync(timeout.Token);
        Assert.Equal(2, output.Items.Count);
        Assert.Equal(2, Volatile.Read(ref calls));
    }
}
