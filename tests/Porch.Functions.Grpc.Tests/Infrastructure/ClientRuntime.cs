using Microsoft.Extensions.Options;
using Porch.Krm;
using Porch.Krm.Functions;

namespace Porch.Functions.Grpc.Tests.Infrastructure;

/// <summary>The client runtime (Porch.Functions.Grpc) pointed at a runner, as the tests of both packages use it.</summary>
internal static class ClientRuntime
{
    internal static GrpcFunctionRuntime Create(Uri address, Action<GrpcFunctionRuntimeOptions>? configure = null, ListLogger<GrpcFunctionRuntime>? logger = null)
    {
        var options = new GrpcFunctionRuntimeOptions { FunctionRunnerAddress = address.ToString(), RetryBackoff = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        return new GrpcFunctionRuntime(Options.Create(options), logger);
    }

    internal static async Task<ResourceList> RunAsync(GrpcFunctionRuntime runtime, string image, ResourceList input)
    {
        var runner = await runtime.GetRunnerAsync(new KptFunction { Image = image });
        Assert.NotNull(runner);
        return await runner.RunAsync(input);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
