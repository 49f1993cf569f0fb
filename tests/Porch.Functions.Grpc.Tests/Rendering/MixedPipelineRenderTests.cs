using Microsoft.Extensions.DependencyInjection;
using Porch.Krm.Rendering;
using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Tests.Rendering;

/// <summary>
/// A render whose pipeline mixes a builtin function (in process) and a function served by our host over gRPC. The host
/// has no builtin functions, so set-namespace can only have run in process: the builtin runtime is asked first.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MixedPipelineRenderTests : IAsyncLifetime
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web # the web tier
        spec:
          replicas: 2
        """;

    private FunctionRunnerHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionRunnerHost.StartAsync(builtin: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RenderAsync_BuiltinThenGrpcFunction_BothApplyAndBothAreRecorded()
    {
        using var provider = Engine();
        var renderer = provider.GetRequiredService<IPackageRenderer>();

        var result = await renderer.RenderAsync(Package(TestFunctionRuntime.Annotate, TestFunctionRuntime.Report));

        Assert.Null(result.Error);
        var deployment = result.Files["deployment.yaml"];
        Assert.Contains("namespace: prod", deployment, StringComparison.Ordinal);
        Assert.Contains("example.com/touched-by: grpc", deployment, StringComparison.Ordinal);
        Assert.Contains("name: web # the web tier", deployment, StringComparison.Ordinal);
        Assert.Equal(
            ["ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4", TestFunctionRuntime.Annotate, TestFunctionRuntime.Report],
            result.Results.Items.Select(i => i.Image));
        Assert.Equal("looked at 2 item(s)", Assert.Single(result.Results.Items[2].Results).Message);
    }

    [Fact]
    public async Task RenderAsync_GrpcFunctionFails_ErrorAndResultsRecorded()
    {
        using var provider = Engine();
        var renderer = provider.GetRequiredService<IPackageRenderer>();

        var result = await renderer.RenderAsync(Package(TestFunctionRuntime.FailWithResults));

        // A function that failed and reported results is kpt's "already handled" error: the render error says so and
        // the function's own words are in its results and stderr.
        Assert.Equal("pkg.render: pkg .:\n\tpipeline.run: already handled error", result.Error);
        var failed = result.Results.Items[1];
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("something went wrong", failed.Stderr);
        Assert.Equal("replicas must be positive", Assert.Single(failed.Results).Message);
        Assert.DoesNotContain("namespace: prod", result.Files["deployment.yaml"], StringComparison.Ordinal);
        Assert.Contains("replicas must be positive", result.Files["Kptfile"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WithoutGrpcRuntime_RemoteImageNotFound()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine().WithBuiltinFunctionRuntime();
        using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IPackageRenderer>().RenderAsync(Package(TestFunctionRuntime.Annotate));

        Assert.Contains($"function runtime failed to evaluate function \"{TestFunctionRuntime.Annotate}\": function \"{TestFunctionRuntime.Annotate}\" not found", result.Error, StringComparison.Ordinal);
    }

    private ServiceProvider Engine()
    {
        var services = new ServiceCollection();
        services.AddPorchEngine()
            .WithBuiltinFunctionRuntime()
            .WithGrpcFunctionRuntime(o => o.FunctionRunnerAddress = _host.Address.ToString());
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string> Package(params string[] grpcImages)
    {
        var steps = string.Concat(grpcImages.Select(i => "\n    - image: " + i));
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kptfile"] = $"""
                apiVersion: kpt.dev/v1
                kind: Kptfile
                metadata:
                  name: app
                pipeline:
                  mutators:
                    - image: set-namespace:v0.4
                      configMap:
                        namespace: prod{steps}

                """,
            ["deployment.yaml"] = Deployment + "\n",
        };
    }
}
