using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Hosting.Tests.Interop;

/// <summary>Our host (MapFunctionEvaluator on Kestrel) called by a real gRPC stack: Debian's python3-grpcio (evaluator_client.py).</summary>
[Trait("Category", "Integration")]
public sealed class PythonClientInteropTests : IAsyncLifetime
{
    private const string SetNamespace = "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.5";
    private FunctionRunnerHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionRunnerHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EvaluateFunction_BuiltinFunction_PythonGetsTheOutput()
    {
        var input = Resources.List(2, functionConfig: Resources.Config("namespace", "prod")).ToYaml();

        var result = Assert.Single(await PythonClient.CallAsync(_host.Address, new PythonCall(SetNamespace, input)));

        Assert.Equal("OK", result.Code);
        var output = Porch.Krm.ResourceList.Parse(result.ResourceList);
        Assert.Equal(2, output.Items.Count);
        Assert.All(output.Items, item => Assert.Equal("prod", item.GetString("metadata", "namespace")));
    }

    [Fact]
    public async Task EvaluateFunction_ErrorStatuses_PythonSeesPorchCodesAndMessages()
    {
        var results = await PythonClient.CallAsync(
            _host.Address,
            new PythonCall("example.com/nobody/serves:this", Resources.List(1).ToYaml()),
            new PythonCall(SetNamespace, "items: [unclosed"),
            new PythonCall(TestFunctionRuntime.FailWithResults, Resources.List(1).ToYaml()),
            new PythonCall(TestFunctionRuntime.Sleep, Resources.List(1).ToYaml(), Timeout: 0.3),
            new PythonCall(Method: "/evaluator.FunctionEvaluator/Other", RawHex: ""));

        Assert.Equal(("NOT_FOUND", "function \"example.com/nobody/serves:this\" not found"), (results[0].Code, results[0].Details));
        Assert.Equal("INVALID_ARGUMENT", results[1].Code);
        Assert.StartsWith($"failed to parse the input ResourceList of function \"{SetNamespace}\"", results[1].Details, StringComparison.Ordinal);
        Assert.Equal("INTERNAL", results[2].Code);
        Assert.Equal(
            $"failed to evaluate function \"{TestFunctionRuntime.FailWithResults}\" with structured results: [error] apps/v1/Deployment/prod/web spec.replicas: replicas must be positive and stderr: something went wrong",
            results[2].Details);
        Assert.Contains("grpc-status-details-bin", results[2].Metadata);
        Assert.Equal("DEADLINE_EXCEEDED", results[3].Code);
        Assert.Equal("UNIMPLEMENTED", results[4].Code);
    }

    [Fact]
    public async Task EvaluateFunction_RequestOverTheLimit_PythonSeesResourceExhausted()
    {
        var input = Resources.OfSize(7 * 1024 * 1024).ToYaml();

        var result = Assert.Single(await PythonClient.CallAsync(_host.Address, new PythonCall(TestFunctionRuntime.NoOp, input)));

        Assert.Equal("RESOURCE_EXHAUSTED", result.Code);
        Assert.Equal("Received message exceeds the maximum configured message size.", result.Details);
    }

    [Fact]
    public async Task EvaluateFunction_PackageNearTheLimit_RoundTrips()
    {
        var input = Resources.OfSize(GrpcFunctionRuntimeOptions.DefaultMaxGrpcMessageSize - 64 * 1024);

        var result = Assert.Single(await PythonClient.CallAsync(_host.Address, new PythonCall(TestFunctionRuntime.NoOp, input.ToYaml())));

        Assert.Equal("OK", result.Code);
        Assert.Equal(input.Items.Count, Porch.Krm.ResourceList.Parse(result.ResourceList).Items.Count);
    }

    [Fact]
    public async Task HealthCheck_PythonSeesServing()
    {
        var results = await PythonClient.CallAsync(
            _host.Address,
            new PythonCall(Method: "/grpc.health.v1.Health/Check", RawHex: ""),
            new PythonCall(Method: "/grpc.health.v1.Health/Check", RawHex: "0a0b6e6f2e737563682e737663"));

        // HealthCheckResponse{status: SERVING} is field 1, varint 1.
        Assert.Equal(("OK", "0801"), (results[0].Code, results[0].RawHex));
        Assert.Equal("NOT_FOUND", results[1].Code);
    }
}
