using Microsoft.Extensions.Diagnostics.HealthChecks;
using Porch.Krm.Functions;
using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Tests.Client;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task FunctionRunnerHealth_HealthyWhileServing_UnhealthyWhenGone()
    {
        var host = await FunctionRunnerHost.StartAsync();
        using var runtime = GrpcFunctionRuntimeTests.Runtime(host.Address, o => o.MaxAttempts = 1);
        var check = new GrpcFunctionRunnerHealthCheck([runtime]);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("function-runner", check, HealthStatus.Unhealthy, null) };

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);

        await host.DisposeAsync();
        var gone = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Unhealthy, gone.Status);
        Assert.StartsWith("function runner", gone.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionRunnerHealth_NoGrpcRuntime_Unhealthy()
    {
        var check = new GrpcFunctionRunnerHealthCheck(Array.Empty<IFunctionRuntime>());
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("function-runner", check, HealthStatus.Degraded, null) };
        var result = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Degraded, result.Status);
    }
}
