using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Porch.Functions.Grpc.Protos;
using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Hosting.Tests;

/// <summary>The host's statuses and health service, called with a plain Grpc.Net.Client channel over Kestrel h2c on 127.0.0.1.</summary>
public sealed class FunctionEvaluatorServiceTests : IAsyncLifetime
{
    private const string SetNamespace = "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5";
    private FunctionRunnerHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionRunnerHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Evaluate_ClientDeadlinePasses_ServerCancelsTheFunction()
    {
        var request = new EvaluateFunctionRequest { Image = TestFunctionRuntime.Sleep, ResourceList = ByteString.CopyFromUtf8(Resources.List(1).ToYaml()) };

        var ex = await Assert.ThrowsAsync<RpcException>(() => DirectClient.EvaluateAsync(_host.Address, request, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);

        // The server read grpc-timeout and cancelled the function's token; the bound only keeps a broken build from hanging.
        await _host.Functions.FirstCancellation.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, _host.Functions.CancelledCalls);
    }

    [Fact]
    public async Task Evaluate_MalformedResourceList_InvalidArgument()
    {
        var request = new EvaluateFunctionRequest { Image = SetNamespace, ResourceList = ByteString.CopyFromUtf8("items: [unclosed") };

        var ex = await Assert.ThrowsAsync<RpcException>(() => DirectClient.EvaluateAsync(_host.Address, request));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith($"failed to parse the input ResourceList of function \"{SetNamespace}\": ", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_NotAResourceList_InvalidArgument()
    {
        var request = new EvaluateFunctionRequest { Image = SetNamespace, ResourceList = ByteString.CopyFromUtf8("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n") };

        var ex = await Assert.ThrowsAsync<RpcException>(() => DirectClient.EvaluateAsync(_host.Address, request));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public async Task Evaluate_NoImage_InvalidArgument()
    {
        var request = new EvaluateFunctionRequest { ResourceList = ByteString.CopyFromUtf8(Resources.List(1).ToYaml()) };

        var ex = await Assert.ThrowsAsync<RpcException>(() => DirectClient.EvaluateAsync(_host.Address, request));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("the request names no function image", ex.Status.Detail);
    }

    [Fact]
    public async Task Call_UnknownMethod_Unimplemented()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => DirectClient.CallUnknownMethodAsync(_host.Address, "Nothing"));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_WholeServerAndEvaluatorService_Serving_UnknownServiceNotFound()
    {
        using var channel = GrpcChannel.ForAddress(_host.Address);
        var health = new Health.HealthClient(channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "evaluator.FunctionEvaluator" })).Status);
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "no.such.svc" }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task HealthWatch_EvaluatorService_StreamsServing()
    {
        using var channel = GrpcChannel.ForAddress(_host.Address);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "evaluator.FunctionEvaluator" }, cancellationToken: cts.Token);

        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
    }
}
