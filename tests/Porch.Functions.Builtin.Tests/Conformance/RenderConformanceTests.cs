using Porch.Krm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Krm.Rendering;
using Porch.Tests.Shared;

namespace Porch.Functions.Builtin.Tests.Conformance;

/// <summary>
/// Every render and function case of ../shared/conformance (kpt-fn, kpt-render) through the renderer with the builtin
/// runtime, one theory row per case.
/// </summary>
public sealed class RenderConformanceTests
{
    /// <summary>The functions this suite can run: the builtins (starlark included) plus the two kpt e2e helper images.</summary>
    private static readonly HashSet<string> Available = new(StringComparer.Ordinal)
    {
        "set-namespace", "apply-replacements", "set-labels", "set-annotations", "apply-setters", "search-replace", "ensure-name-substring", "starlark",
        "no-op", "drop-comments",
    };


    public static TheoryData<string> RunnableCases() => Data(c => RenderConformance.FunctionsUsedBy(c).All(Available.Contains));

    [Theory]
    [MemberData(nameof(RunnableCases))]
    public Task Render_ConformanceCase_MatchesExpectedDiffResultsAndExitCode(string caseName) => RunAsync(caseName, r => r);

    /// <summary>
    /// The same cases with every builtin run on copies of its input (the way before the renderer ran in-process
    /// functions in place): the in-place path and the copying path agree with kpt on every case.
    /// </summary>
    [Theory]
    [MemberData(nameof(RunnableCases))]
    public Task Render_ConformanceCase_FunctionsOnCopies_MatchesExpectedDiffResultsAndExitCode(string caseName) =>
        RunAsync(caseName, r => new CopyingRuntime(r));

    /// <summary>
    /// The same cases with every in-place builtin announcing that it reads item ids, so the renderer gives every input
    /// kpt's id annotations and matches the outputs by them: matching id-blind functions by reference changes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(RunnableCases))]
    public Task Render_ConformanceCase_InputsMatchedByIds_MatchesExpectedDiffResultsAndExitCode(string caseName) =>
        RunAsync(caseName, r => new IdReadingRuntime(r));

    /// <summary>set-namespace and set-labels never read ids (their inputs are then matched by reference); the rest may.</summary>
    [Theory]
    [InlineData("set-namespace", false)]
    [InlineData("set-labels", false)]
    [InlineData("set-annotations", true)]
    [InlineData("apply-replacements", true)]
    [InlineData("search-replace", true)]
    [InlineData("starlark", true)]
    public async Task Runner_ReadsItemIds_OnlyFunctionsThatNeverTouchThem(string function, bool readsIds)
    {
        var runner = await Runtimes()[0].GetRunnerAsync(new KptFunction { Image = "ghcr.io/kptdev/krm-functions-catalog/" + function + ":v1" });

        Assert.Equal(readsIds, Assert.IsAssignableFrom<IInPlaceFunctionRunner>(runner).ReadsItemIds);
    }

    [Fact]
    public void Cases_EveryCaseIsRun()
    {
        var all = RenderConformance.AllCases();
        Assert.True(all.Count >= 30, "expected the visible conformance set, found " + all.Count);
        var skipped = all.Where(c => !RenderConformance.FunctionsUsedBy(c).All(Available.Contains))
            .Select(c => c + " (functions: " + string.Join(", ", RenderConformance.FunctionsUsedBy(c).Where(f => !Available.Contains(f))) + ")")
            .Where(c => PendingConformance.Reason("library-functions", c[..c.IndexOf(' ', StringComparison.Ordinal)]) is null)
            .ToList();
        Assert.True(skipped.Count == 0, "cases this suite cannot run, with the functions it lacks: " + string.Join("; ", skipped));
        Assert.Contains(all, c => RenderConformance.FunctionsUsedBy(c).Contains("starlark"));
    }

    /// <summary>Runs one case with the suite's runtimes, each served through <paramref name="serve"/>.</summary>
    private static async Task RunAsync(string caseName, Func<IFunctionRuntime, IFunctionRuntime> serve)
    {
        var runtimes = Runtimes().Select(serve).ToArray();
        var renderer = new KptPackageRenderer(runtimes, NullLogger<KptPackageRenderer>.Instance);
        await PendingConformance.RunAsync("library", caseName, () => RenderConformance.RunAsync(caseName, renderer, runtimes));
    }

    internal static IFunctionRuntime[] Runtimes() =>
    [
        new BuiltinFunctionRuntime(Options.Create(new BuiltinFunctionOptions()), NullLogger<BuiltinFunctionRuntime>.Instance),
        new TestHelperFunctionRuntime(),
    ];

    private static TheoryData<string> Data(Func<string, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (var c in RenderConformance.AllCases().Where(predicate))
        {
            data.Add(c);
        }

        return data;
    }

    /// <summary>Serves another runtime's runners as plain runners, so the renderer never runs them in place.</summary>
    private sealed class CopyingRuntime(IFunctionRuntime inner) : IFunctionRuntime
    {
        public async ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default) =>
            await inner.GetRunnerAsync(function, cancellationToken).ConfigureAwait(false) is { } runner ? new Plain(runner) : null;

        private sealed class Plain(IFunctionRunner runner) : IFunctionRunner
        {
            public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default) => runner.RunAsync(input, cancellationToken);
        }
    }

    /// <summary>Serves another runtime's in-place runners as runners that read item ids (the others unchanged).</summary>
    private sealed class IdReadingRuntime(IFunctionRuntime inner) : IFunctionRuntime
    {
        public async ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default) =>
            await inner.GetRunnerAsync(function, cancellationToken).ConfigureAwait(false) switch
            {
                IInPlaceFunctionRunner inPlace => new ReadingIds(inPlace),
                var other => other,
            };

        private sealed class ReadingIds(IInPlaceFunctionRunner runner) : IInPlaceFunctionRunner
        {
            public bool ReadsItemIds => true;

            public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default) => runner.RunAsync(input, cancellationToken);

            public ResourceList RunInPlace(ResourceList input, CancellationToken cancellationToken = default) => runner.RunInPlace(input, cancellationToken);
        }
    }
}
