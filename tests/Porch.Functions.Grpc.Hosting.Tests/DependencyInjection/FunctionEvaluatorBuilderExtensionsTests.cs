using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Porch.Engine;

namespace Porch.Functions.Grpc.Hosting.Tests.DependencyInjection;

public sealed class FunctionEvaluatorBuilderExtensionsTests
{
    [Fact]
    public void WithFunctionEvaluator_ExecFunctionWithoutPath_FailsValidation()
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithFunctionEvaluator(o => o.ExecFunctions = [new ExecFunctionOptions { Image = "example.com/fn:v1" }]);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FunctionEvaluatorOptions>>().Value);
        Assert.Contains("needs both Image and Path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithFunctionEvaluator_CalledTwice_OneEvaluator()
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithFunctionEvaluator().WithFunctionEvaluator(o => o.MaxMessageSize = 4096);
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(FunctionEvaluation));
        Assert.Equal(4096, provider.GetRequiredService<FunctionEvaluation>().Options.MaxMessageSize);

        // The service's own gRPC limits follow the evaluator's option, both ways.
        var grpc = provider.GetRequiredService<IOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions<FunctionEvaluatorService>>>().Value;
        Assert.Equal((4096, 4096), (grpc.MaxReceiveMessageSize, grpc.MaxSendMessageSize));
    }

    [Fact]
    public void MapFunctionEvaluator_WithoutWithFunctionEvaluator_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapFunctionEvaluator());
        Assert.Contains("WithFunctionEvaluator()", ex.Message, StringComparison.Ordinal);
    }

    private sealed class TestBuilder(IServiceCollection services) : IPorchEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
