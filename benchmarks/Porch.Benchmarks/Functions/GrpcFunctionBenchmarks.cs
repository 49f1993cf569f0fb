using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Grpc;

namespace Porch.Benchmarks.Functions;

/// <summary>
/// A no-op function on a 100-resource package: called in process (the baseline), and through the gRPC client
/// (Porch.Functions.Grpc on Grpc.Net.Client) and the function-runner host (Porch.Functions.Grpc.Hosting on
/// Grpc.AspNetCore) on a loopback Kestrel HTTP/2 (h2c) listener. A third row does only the YAML work a remote call adds
/// (write and parse the ResourceList on each side), and a fourth sends an empty ResourceList through gRPC, to show how
/// the added time splits between the YAML the wire format needs and the transport.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GrpcFunctionBenchmarks
{
    private const string Config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: noop\ndata:\n  any: value\n";
    private const string Image = "example.com/bench/noop:v1";

    private WebApplication? _host;
    private GrpcFunctionRuntime? _runtime;
    private IFunctionRunner? _local;
    private IFunctionRunner? _remote;
    private ResourceList _input = new();
    private ResourceList _empty = new();

    [GlobalSetup]
    public async Task Setup()
    {
        _input = FunctionPackage.Input(FunctionPackage.Files(100), Config);
        _empty = new ResourceList { FunctionConfig = KubeObject.Parse(Config) };
        var noOp = new NoOpRuntime();
        _local = await noOp.GetRunnerAsync(new KptFunction { Image = Image });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddPorchEngine().WithFunctionEvaluator();
        builder.Services.AddSingleton<IFunctionRuntime>(noOp);
        _host = builder.Build();
        _host.MapFunctionEvaluator();
        await _host.StartAsync();
        var address = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(); // Kestrel has the feature once started

        _runtime = new GrpcFunctionRuntime(Options.Create(new GrpcFunctionRuntimeOptions { FunctionRunnerAddress = address }));
        _remote = await _runtime.GetRunnerAsync(new KptFunction { Image = Image });

        // Open the shared HTTP/2 connection before measuring.
        await _remote!.RunAsync(_input);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _runtime?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "no-op, in process")]
    public async Task<int> InProcess() => (await _local!.RunAsync(_input)).Items.Count;

    [Benchmark(Description = "no-op, gRPC client + host on loopback")]
    public async Task<int> ThroughGrpc() => (await _remote!.RunAsync(_input)).Items.Count;

    [Benchmark(Description = "transport only: empty ResourceList through gRPC")]
    public async Task<int> EmptyThroughGrpc() => (await _remote!.RunAsync(_empty)).Items.Count;

    [Benchmark(Description = "YAML only: write + parse, both sides")]
    public int YamlRoundTrips()
    {
        var request = ResourceList.Parse(_input.ToYaml());
        return ResourceList.Parse(request.ToYaml()).Items.Count;
    }

    private sealed class NoOpRuntime : IFunctionRuntime
    {
        public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IFunctionRunner?>(function.Image == Image ? new NoOpRunner() : null);
    }

    private sealed class NoOpRunner : IFunctionRunner
    {
        public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
        {
            var output = new ResourceList { FunctionConfig = input.FunctionConfig };
            foreach (var item in input.Items)
            {
                output.Items.Add(item);
            }

            return Task.FromResult(output);
        }
    }
}
