using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Porch.Krm.Functions;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Porch.Functions.Grpc.Hosting;
using Porch.Functions.Grpc.Protos;

namespace Porch.Functions.Grpc.Tests.Infrastructure;

/// <summary>Our function-runner host on a real Kestrel HTTP/2 (h2c) listener on 127.0.0.1, port chosen by the OS.</summary>
internal sealed class FunctionRunnerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionRunnerHost(WebApplication app, TestFunctionRuntime functions, System.Collections.Concurrent.ConcurrentDictionary<string, bool> connections)
    {
        Connections = connections;
        _app = app;
        Functions = functions;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!  /* Kestrel always has the feature once started */.Addresses.Single();
        Address = new Uri(address);
    }

    public Uri Address { get; }

    public TestFunctionRuntime Functions { get; }

    /// <summary>The ids of the connections requests arrived on.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Connections { get; }

    public static async Task<FunctionRunnerHost> StartAsync(Action<FunctionEvaluatorOptions>? configure = null, bool builtin = true, X509Certificate2? certificate = null)
    {
        var functions = new TestFunctionRuntime();
        var connections = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var app = Build(builder =>
        {
            var engine = builder.Services.AddPorchEngine();
            if (builtin)
            {
                engine.WithBuiltinFunctionRuntime();
            }

            engine.WithFunctionEvaluator(configure);
            builder.Services.AddSingleton<IFunctionRuntime>(functions);
        }, app =>
        {
            app.Use((context, next) =>
            {
                connections[context.Connection.Id] = true;
                return next(context);
            });
            app.MapFunctionEvaluator();
        }, certificate);
        await app.StartAsync();
        return new FunctionRunnerHost(app, functions, connections);
    }

    /// <summary>A bare Grpc.AspNetCore app whose <c>EvaluateFunction</c> is <paramref name="evaluate"/>, for status-level tests.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartRawAsync(Func<EvaluateFunctionRequest, ServerCallContext, Task<EvaluateFunctionResponse>> evaluate)
    {
        var app = Build(
            builder =>
            {
                builder.Services.AddGrpc();
                builder.Services.AddSingleton(new DelegateEvaluatorService(evaluate));
            },
            app => app.MapGrpcService<DelegateEvaluatorService>());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!  /* Kestrel always has the feature once started */.Addresses.Single();
        return (app, new Uri(address));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static WebApplication Build(Action<WebApplicationBuilder> services, Action<WebApplication> map, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                o.UseHttps(certificate);
            }
        }));
        services(builder);
        var app = builder.Build();
        map(app);
        return app;
    }
}

/// <summary>The generated evaluator service base answering with a test's delegate.</summary>
internal sealed class DelegateEvaluatorService(Func<EvaluateFunctionRequest, ServerCallContext, Task<EvaluateFunctionResponse>> evaluate)
    : FunctionEvaluator.FunctionEvaluatorBase
{
    public override Task<EvaluateFunctionResponse> EvaluateFunction(EvaluateFunctionRequest request, ServerCallContext context) => evaluate(request, context);
}
