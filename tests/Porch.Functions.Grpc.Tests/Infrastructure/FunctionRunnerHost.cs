using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Porch.Krm.Functions;
using Porch.Functions.Grpc.Hosting;

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

    public static async Task<FunctionRunnerHost> StartAsync(Action<FunctionEvaluatorOptions>? configure = null, bool builtin = true)
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
        });
        await app.StartAsync();
        return new FunctionRunnerHost(app, functions, connections);
    }

    /// <summary>A bare Kestrel HTTP/2 app with one handler for <c>EvaluateFunction</c>, for protocol-level tests.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartRawAsync(RequestDelegate evaluate)
    {
        var app = Build(_ => { }, app => app.MapPost("/evaluator.FunctionEvaluator/EvaluateFunction", evaluate));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!  /* Kestrel always has the feature once started */.Addresses.Single();
        return (app, new Uri(address));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static WebApplication Build(Action<WebApplicationBuilder> services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        services(builder);
        var app = builder.Build();
        map(app);
        return app;
    }
}
