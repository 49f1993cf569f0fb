using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine;
using Porch.Engine.Errors;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;
using Porch.Tests.Shared;

namespace Porch.Functions.Builtin.Tests;

public sealed class BuiltinFunctionRuntimeTests
{
    [Theory]
    [InlineData("gcr.io/kpt-fn/set-namespace:v0.4", true)]
    [InlineData("ghcr.io/kptdev/krm-functions-catalog/apply-replacements:latest", true)]
    [InlineData("ghcr.io/kptdev/krm-functions-catalog/starlark:v0.5", true)]
    [InlineData("docker.io/example/set-namespace:v0.4", false)]
    [InlineData("gcr.io/kpt-fn/extra/set-namespace:v0.4", false)]
    public async Task GetRunnerAsync_Image_ServesOnlyBuiltinsUnderConfiguredPrefixes(string image, bool served)
    {
        var runner = await FunctionHarness.Runtime().GetRunnerAsync(new KptFunction { Image = image });

        Assert.Equal(served, runner is not null);
    }

    [Fact]
    public async Task GetRunnerAsync_CustomPrefix_ReplacesDefaults()
    {
        var runtime = new BuiltinFunctionRuntime(Options.Create(new BuiltinFunctionOptions { ImagePrefixes = ["registry.local/fns/"] }), NullLogger<BuiltinFunctionRuntime>.Instance);

        Assert.NotNull(await runtime.GetRunnerAsync(new KptFunction { Image = "registry.local/fns/set-labels:v1" }));
        Assert.Null(await runtime.GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/set-labels:v1" }));
        Assert.Null(await runtime.GetRunnerAsync(new KptFunction { Exec = "./fn" }));
    }

    [Fact]
    public async Task RunAsync_FunctionThrows_ReportsMessageAsErrorResult()
    {
        var runner = new BuiltinFunctionRunner(new ThrowingFunction(), "gcr.io/kpt-fn/throwing:v1", NullLogger.Instance);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => runner.RunAsync(new ResourceList()));

        var record = Assert.Single(ex.Results!.Items);
        Assert.Equal(1, record.ExitCode);
        Assert.Equal("KRM function panicked with: index out of range", Assert.Single(record.Results).Message);
        Assert.Equal("failed to evaluate function: error: function failure", record.Stderr);
    }

    [Fact]
    public async Task RunAsync_DoesNotChangeItsInput()
    {
        var runner = await FunctionHarness.Runtime().GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/set-labels:v1" });
        var input = new ResourceList { FunctionConfig = KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l\ndata:\n  a: b\n") };
        input.Items.Add(KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));

        var output = await runner!.RunAsync(input);

        Assert.Null(input.Items[0].GetLabel("a"));
        Assert.Equal("b", output.Items[0].GetLabel("a"));
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        var runner = await FunctionHarness.Runtime().GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/set-labels:v1" });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner!.RunAsync(new ResourceList(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void WithBuiltinFunctionRuntime_CalledTwice_RegistersOneRuntime()
    {
        var services = new ServiceCollection().AddLogging();
        var builder = new TestBuilder(services);

        builder.WithBuiltinFunctionRuntime().WithBuiltinFunctionRuntime(o => o.ImagePrefixes = ["registry.local/"]);
        using var provider = services.BuildServiceProvider();

        var runtime = Assert.Single(provider.GetServices<IFunctionRuntime>());
        Assert.IsType<BuiltinFunctionRuntime>(runtime);
        Assert.Equal(["registry.local/"], provider.GetRequiredService<IOptions<BuiltinFunctionOptions>>().Value.ImagePrefixes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gcr.io/kpt-fn")]
    [InlineData("gcr.io/ kpt-fn/")]
    public void WithBuiltinFunctionRuntime_InvalidPrefix_FailsValidation(string prefix)
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithBuiltinFunctionRuntime(o => o.ImagePrefixes = [prefix]);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BuiltinFunctionOptions>>().Value);
        Assert.Contains("ImagePrefixes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, 1L, "StarlarkMaxSteps")]
    [InlineData(1L, -1L, "StarlarkMaxAllocations")]
    public void WithBuiltinFunctionRuntime_NonPositiveStarlarkBudget_FailsValidation(long steps, long allocations, string property)
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithBuiltinFunctionRuntime(o =>
        {
            o.StarlarkMaxSteps = steps;
            o.StarlarkMaxAllocations = allocations;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BuiltinFunctionOptions>>().Value);
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithBuiltinFunctionRuntime_NoPrefixes_FailsValidation()
    {
        var services = new ServiceCollection().AddLogging();
        new TestBuilder(services).WithBuiltinFunctionRuntime(o => o.ImagePrefixes = []);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BuiltinFunctionOptions>>().Value);
    }

    private sealed class TestBuilder(IServiceCollection services) : IPorchEngineBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class ThrowingFunction : IKrmFunction
    {
        public string Name => "throwing";

        public bool Run(KrmFunctionContext context) => throw new IndexOutOfRangeException("index out of range");
    }
}
