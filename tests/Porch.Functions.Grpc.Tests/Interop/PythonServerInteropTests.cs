using Porch.Engine.Errors;
using Porch.Functions.Grpc.Tests.Client;
using Porch.Functions.Grpc.Tests.Infrastructure;
using Porch.Krm.Functions;

namespace Porch.Functions.Grpc.Tests.Interop;

/// <summary>Our client against a function runner built on a real gRPC stack: Debian's python3-grpcio (evaluator_server.py).</summary>
[Trait("Category", "Integration")]
public sealed class PythonServerInteropTests(PythonServerFixture python) : IClassFixture<PythonServerFixture>
{
    [Fact]
    public async Task RunAsync_PythonEchoFunction_RoundTrips()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address);

        var output = await GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/echo:v1", Resources.List(5));

        Assert.Equal(5, output.Items.Count);
        Assert.Equal("cm-4", output.Items[4].Name);
    }

    [Fact]
    public async Task RunAsync_PackageNearTheLimit_RoundTrips()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address);
        var input = Resources.OfSize(GrpcFunctionRuntimeOptions.DefaultMaxGrpcMessageSize - 64 * 1024);

        var output = await GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/echo:v1", input);

        Assert.Equal(input.Items.Count, output.Items.Count);
    }

    [Fact]
    public async Task RunAsync_RequestOverPythonLimit_ResourceExhausted()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address, o => o.MaxGrpcMessageSize = 16 * 1024 * 1024);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() =>
            GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/echo:v1", Resources.OfSize(7 * 1024 * 1024)));

        Assert.StartsWith("func eval \"example.com/py/echo:v1\" failed: rpc error: code = ResourceExhausted desc = ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PythonResponseOverOurLimit_ResourceExhausted()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address);
        var input = Resources.List(1, functionConfig: Resources.Config("size", (7 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/big:v1", input));

        Assert.EndsWith("code = ResourceExhausted desc = Received message exceeds the maximum configured message size.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PythonAborts_PercentEncodedMessageDecoded()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/fail:v1", Resources.List(1)));

        Assert.Equal("func eval \"example.com/py/fail:v1\" failed: rpc error: code = Internal desc = failed to evaluate function \"example.com/py/fail:v1\": 100% broken \u2014 \u00e9chec", ex.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownImage_NotFound()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/none:v1", Resources.List(1)));

        Assert.Equal("func eval \"example.com/py/none:v1\" failed: rpc error: code = NotFound desc = function \"example.com/py/none:v1\" not found", ex.Message);
    }

    [Fact]
    public async Task RunAsync_SlowPythonFunction_DeadlineExceeded()
    {
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address, o => o.Timeout = TimeSpan.FromMilliseconds(500));

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/slow:v1", Resources.List(1)));

        Assert.Equal("func eval \"example.com/py/slow:v1\" failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded (timeout 500ms)", ex.Message);
    }

    [Fact]
    public async Task RunAsync_PythonUnavailableOnce_RetriedAndSucceeds()
    {
        var logger = new ListLogger<GrpcFunctionRuntime>();
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address, logger: logger);

        var output = await GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/flaky:v1", Resources.List(2));

        Assert.Equal(2, output.Items.Count);
        Assert.Single(logger.Entries, e => e.Id.Id == 5001);
    }

    [Fact]
    public async Task RunAsync_PythonStaysUnavailable_RetriedMaxAttemptsTimesThenPorchsText()
    {
        var logger = new ListLogger<GrpcFunctionRuntime>();
        using var runtime = GrpcFunctionRuntimeTests.Runtime(python.Address, o => o.MaxAttempts = 3, logger);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, "example.com/py/down:v1", Resources.List(1)));

        Assert.Equal("func eval \"example.com/py/down:v1\" failed: rpc error: code = Unavailable desc = runner is shutting down", ex.Message);
        var retries = logger.Entries.Where(e => e.Id.Id == 5001).Select(e => e.Message).ToList();
        Assert.Equal(2, retries.Count);
        Assert.EndsWith("attempt 3 of 3", retries[^1], StringComparison.Ordinal);
    }
}
