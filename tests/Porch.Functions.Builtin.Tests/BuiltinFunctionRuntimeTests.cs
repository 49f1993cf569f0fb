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

    /// <summary>RunAsync works on copies (the input is the caller's); RunInPlace changes the input's own objects and returns them.</summary>
    [Fact]
    public async Task Runner_RunAsyncLeavesTheInput_RunInPlaceChangesAndReturnsTheInputObjects()
    {
        var runner = Assert.IsAssignableFrom<IInPlaceFunctionRunner>(await FunctionHarness.Runtime().GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/set-namespace:v0.4" }));
        ResourceList Input()
        {
            var list = new ResourceList { FunctionConfig = KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fn\ndata:\n  namespace: prod\n") };
            list.Items.Add(KubeObject.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"));
            return list;
        }

        var copied = Input();
        var output = await runner.RunAsync(copied);
        Assert.Equal("", copied.Items[0].Namespace);
        Assert.Equal("prod", output.Items[0].Namespace);
        Assert.NotSame(copied.Items[0], output.Items[0]);

        var inPlace = Input();
        var changed = runner.RunInPlace(inPlace);
        Assert.Same(inPlace.Items[0], changed.Items[0]);
        Assert.Equal("prod", inPlace.Items[0].Namespace);
        Assert.Equal("prod", inPlace.FunctionConfig!.Root.Get("data")!.Get("namespace")!.Value);
    }

    [Fact]
    public async Task GetRunnerAsync_CustomPrefix_ReplacesDefaults()
    {
        var runtime = new BuiltinFunctionRuntime(Options.Create(new BuiltinFunctionOptions { ImagePrefixes = ["registry.local/fns/"] }), NullLogger<BuiltinFunctionRuntime>.Instance);

        Assert.NotNull(await runtime.GetRunnerAsync(new KptFunction { Image = "registry.local/fns/set-labels:v1" }));
        Assert.Null(await runtime.GetRunnerAsync(new KptFunction { Image = "gcr.io/kpt-fn/set-labels:v1" }));
        Assert.Null(await runtime.GetRunnerAsync(new KptFunction { Exec = "./fn" }));
    }

    /// <summary>kpt's TagLister: the builtin runtime lists BuiltinFunctionOptions.KnownTags for its own images only.</summary>
    [Fact]
    public async Task ListTagsAsync_BuiltinImage_ListsKnownTags_OtherImages_None()
    {
        var options = new BuiltinFunctionOptions();
        options.KnownTags["set-labels"] = ["v0.2.0", "v0.2.7"];
        var runtime = new BuiltinFunctionRuntime(Options.Create(options), NullLogger<BuiltinFunctionRuntime>.Instance);

        Assert.Equal(["v0.2.0", "v0.2.7"], await runtime.ListTagsAsync("gcr.io/kpt-fn/set-labels"));
        Assert.Equal(["v0.2.0", "v0.2.7"], await runtime.ListTagsAsync("ghcr.io/kptdev/krm-functions-catalog/set-labels"));
        Assert.Empty(await runtime.ListTagsAsync("docker.io/example/set-labels"));
        Assert.Empty(await runtime.ListTagsAsync("gcr.io/kpt-fn/kubeval"));
    }

    /// <summary>kpt e2e fn-render/basicpipeline-semver through the builtin functions: each constraint resolves to a known tag and runs.</summary>
    [Fact]
    public async Task Render_SemverTagConstraints_RunTheBuiltinFunctions()
    {
        var renderer = new Porch.Krm.Rendering.KptPackageRenderer([FunctionHarness.Runtime()], NullLogger<Porch.Krm.Rendering.KptPackageRenderer>.Instance);
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n"
                + "    - image: ghcr.io/kptdev/krm-functions-catalog/set-namespace\n      tag: \"0.4.1 - 0.4.3\"\n      configMap:\n        namespace: staging\n"
                + "    - image: ghcr.io/kptdev/krm-functions-catalog/set-labels\n      tag: \"~0.2\"\n      configMap:\n        tier: backend\n",
            ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        };

        var result = await renderer.RenderAsync(files);

        Assert.Null(result.Error);
        Assert.Equal("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: staging\n  labels:\n    tier: backend\n", result.Files["cm.yaml"]);
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
