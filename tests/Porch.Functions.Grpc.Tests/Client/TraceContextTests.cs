using System.Diagnostics;
using Grpc.Core;
using Porch.Krm;
using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Tests.Client;

/// <summary>W3C trace context reaches the function runner, so its spans join the engine's trace.</summary>
public sealed class TraceContextTests
{
    [Fact]
    public async Task Call_InsideAnActivity_SendsTraceparentOfThatTrace()
    {
        string? traceparent = null;
        var (app, address) = await FunctionRunnerHost.StartRawAsync((_, context) =>
        {
            traceparent = context.RequestHeaders.GetValue("traceparent");
            throw new RpcException(new Status(StatusCode.Unimplemented, "not here"));
        });
        await using (app)
        {
            using var source = new ActivitySource("Porch.Functions.Grpc.Tests.Trace");
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == source.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(listener);
            using var runtime = GrpcFunctionRuntimeTests.Runtime(address, o => o.MaxAttempts = 1);
            using var activity = source.StartActivity("Render");
            Assert.NotNull(activity);

            await Assert.ThrowsAnyAsync<Exception>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/any:v1", Resources.List(1)));

            Assert.False(string.IsNullOrEmpty(traceparent));
            Assert.Contains(activity.TraceId.ToHexString(), traceparent, StringComparison.Ordinal);
        }
    }
}
