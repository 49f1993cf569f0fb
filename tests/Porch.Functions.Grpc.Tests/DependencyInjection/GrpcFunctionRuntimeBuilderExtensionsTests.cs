using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Krm.Functions;
using Porch.Functions.Grpc.Hosting;
using Porch.Tests.Shared;

namespace Porch.Functions.Grpc.Tests.DependencyInjection;

public sealed class GrpcFunctionRuntimeBuilderExtensionsTests
{
    [Fact]
    public void WithGrpcFunctionRuntime_AfterBuiltin_RuntimesResolveInRegistrationOrder()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddPorchEngine().WithBuiltinFunctionRuntime().WithGrpcFunctionRuntime(o => o.FunctionRunnerAddress = "http://127.0.0.1:9445");
        using var provider = services.BuildServiceProvider();

        var runtimes = provider.GetServices<IFunctionRuntime>().Select(r => r.GetType().Name).ToArray();

        Assert.Equal(["BuiltinFunctionRuntime", nameof(GrpcFunctionRuntime)], runtimes);
    }

    [Fact]
    public void WithGrpcFunctionRuntime_CalledTwice_OneRuntimeWithTheLastOptions()
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services)
            .WithGrpcFunctionRuntime(o => o.FunctionRunnerAddress = "http://a:1")
            .WithGrpcFunctionRuntime(o => o.Timeout = TimeSpan.FromSeconds(7));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<GrpcFunctionRuntime>(Assert.Single(provider.GetServices<IFunctionRuntime>()));
        var options = provider.GetRequiredService<IOptions<GrpcFunctionRuntimeOptions>>().Value;
        Assert.Equal(("http://a:1", TimeSpan.FromSeconds(7), GrpcFunctionRuntimeOptions.DefaultMaxGrpcMessageSize), (options.FunctionRunnerAddress, options.Timeout, options.MaxGrpcMessageSize));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://runner:9445")]
    [InlineData("http://runner:9445/base")]
    [InlineData("http://user@runner:9445")]
    [InlineData("not a uri")]
    public void WithGrpcFunctionRuntime_InvalidAddress_FailsValidation(string address)
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithGrpcFunctionRuntime(o => o.FunctionRunnerAddress = address);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GrpcFunctionRuntimeOptions>>().Value);
        Assert.Contains("FunctionRunnerAddress", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("function-runner:9445")]
    [InlineData("http://127.0.0.1:9445")]
    [InlineData("https://runner.example.com")]
    public void WithGrpcFunctionRuntime_ValidAddress_Resolves(string address)
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithGrpcFunctionRuntime(o => o.FunctionRunnerAddress = address);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<GrpcFunctionRuntime>(Assert.Single(provider.GetServices<IFunctionRuntime>()));
    }

    [Theory]
    [InlineData(nameof(GrpcFunctionRuntimeOptions.MaxGrpcMessageSize))]
    [InlineData(nameof(GrpcFunctionRuntimeOptions.Timeout))]
    [InlineData(nameof(GrpcFunctionRuntimeOptions.MaxAttempts))]
    [InlineData(nameof(GrpcFunctionRuntimeOptions.RetryBackoff))]
    public void WithGrpcFunctionRuntime_OutOfRangeOption_FailsValidation(string property)
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithGrpcFunctionRuntime(o =>
        {
            o.FunctionRunnerAddress = "http://runner:9445";
            switch (property)
            {
                case nameof(o.MaxGrpcMessageSize): o.MaxGrpcMessageSize = 10; break;
                case nameof(o.Timeout): o.Timeout = TimeSpan.Zero; break;
                case nameof(o.MaxAttempts): o.MaxAttempts = 0; break;
                default: o.RetryBackoff = TimeSpan.FromSeconds(-1); break;
            }
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GrpcFunctionRuntimeOptions>>().Value);
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    private sealed class TestBuilder(IServiceCollection services) : IPorchEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
