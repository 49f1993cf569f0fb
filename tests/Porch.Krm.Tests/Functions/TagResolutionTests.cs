using Porch.Krm.Functions;
using Porch.Krm.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace Porch.Krm.Tests.Functions;

/// <summary>
/// kpt's tag resolution (internal/fnruntime/tag_resolution.go and its tests) over Masterminds/semver v3's versions
/// and constraints (version.go, constraints.go).
/// </summary>
public sealed class TagResolutionTests
{
    private const string Image = "ghcr.io/kptdev/krm-functions-catalog/test-function";
    private static readonly string[] TagSet = ["v0.1", "v0.2.3", "v0.1.2", "v0", "v0.2", "v0.1.1", "v0.2.1", "v0.2.2"];

    /// <summary>tag_resolution_test.go TestFilterParseSortTags: versions only, digests and -git- builds dropped, highest first.</summary>
    [Theory]
    [InlineData("v0.1.0,v0.1.2,v0.1.1", "v0.1.2,v0.1.1,v0.1.0")]
    [InlineData("v0.1,v0.2.1,v0.1.2,v0.2,v0.1.1,v0.2.3,v0.2.2,v0", "v0.2.3,v0.2.2,v0.2.1,v0.2,v0.1.2,v0.1.1,v0.1,v0")]
    [InlineData("v0.1.0,sha256-59a5a43c8fcafaf14b5fd4463ccb3fda61d6c0b55ff218cbb5783a29c8d6c20c.sbom,v0.1.1", "v0.1.1,v0.1.0")]
    [InlineData("v0.1.0,master-git-38f885f,v0.1.1", "v0.1.1,v0.1.0")]
    [InlineData("v0.1.0,38f885f,v0.1.1", "v0.1.1,v0.1.0")]
    public void FilterParseSortTags_KeepsVersionsHighestFirst(string tags, string expected)
    {
        var sorted = FunctionTagResolver.SortedVersions(tags.Split(','));

        Assert.Equal(expected.Split(','), sorted.Select(v => v.Original));
    }

    /// <summary>tag_resolution_test.go TestResolveFunctionImage: each case's tag, the lister's tags or error, and the result.</summary>
    [Theory]
    [InlineData("basic tilde", Image, "~0.1", false, "v0.1.2", null)]
    [InlineData("basic range", Image, "0.2 - 0.2.2", false, "v0.2.2", null)]
    [InlineData("no matching", Image, "0.3.x", false, null, "no tag could be found matching the version constraint")]
    [InlineData("image preserved on empty tag", Image + ":v0.3.1", null, false, "v0.3.1", null)]
    [InlineData("exact semver tag", Image, "v0.3.1", false, "v0.3.1", null)]
    [InlineData("no listing with exact semver tag", Image, "v0.3.1", true, "v0.3.1", null)]
    [InlineData("exact non-semver tag", Image, "master-git-38f885f", false, "master-git-38f885f", null)]
    [InlineData("no listing with exact non-semver tag", Image, "master-git-38f885f", true, "master-git-38f885f", null)]
    [InlineData("list failure", Image, "~0.1", true, null, "no tag could be found matching the version constraint")]
    [InlineData("digest replaced correctly", Image + "@sha256:59a5a43c8fcafaf14b5fd4463ccb3fda61d6c0b55ff218cbb5783a29c8d6c20c", "~0.1", false, "v0.1.2", null)]
    public async Task ResolveFunctionImage_AsKptDoes(string name, string image, string? tag, bool listerFails, string? expectedTag, string? expectedError)
    {
        Assert.NotEmpty(name);
        var lister = new ListerStub(listerFails ? null : new Dictionary<string, string[]> { [Image] = TagSet });

        if (expectedError is not null)
        {
            var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(async () => await FunctionTagResolver.ResolveAsync(image, tag, [lister]));
            Assert.Contains(expectedError, ex.Message, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(Image + ":" + expectedTag, await FunctionTagResolver.ResolveAsync(image, tag, [lister]));
    }

    /// <summary>tag_resolution_test.go "range with no latest": without v0.2.2 the range takes v0.2.1.</summary>
    [Fact]
    public async Task ResolveFunctionImage_RangeWithoutItsTop_TakesTheNextLower()
    {
        var lister = new ListerStub(new Dictionary<string, string[]> { [Image] = TagSet[..^1] });

        Assert.Equal(Image + ":v0.2.1", await FunctionTagResolver.ResolveAsync(Image, "0.2 - 0.2.2", [lister]));
    }

    /// <summary>tag_resolution_test.go "image exist but has no tags": an empty list resolves no constraint; the message is kpt's whole text.</summary>
    [Fact]
    public async Task ResolveFunctionImage_NoTags_FailsWithKptsText()
    {
        var lister = new ListerStub(new Dictionary<string, string[]> { [Image] = [] });

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(async () => await FunctionTagResolver.ResolveAsync(Image, "~0.1", [lister]));

        Assert.Equal("no tag could be found matching the version constraint \"~0.1\"", ex.Message);
    }

    /// <summary>tag_resolution.go: listers are asked in order; one without a match hands over to the next.</summary>
    [Fact]
    public async Task ResolveFunctionImage_FirstListerWithoutMatch_NextListerDecides()
    {
        var first = new ListerStub(new Dictionary<string, string[]> { [Image] = ["v1.0.0"] });
        var second = new ListerStub(new Dictionary<string, string[]> { [Image] = ["v0.4.1", "v0.4.3", "v0.4.5"] });

        Assert.Equal(Image + ":v0.4.3", await FunctionTagResolver.ResolveAsync(Image, "0.4.1 - 0.4.3", [first, second]));
    }

    /// <summary>semver constraints.go: operators, wildcards, partial versions, hyphen ranges, || and AND lists.</summary>
    [Theory]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1", "1.9.9", true)]
    [InlineData("~1", "2.0.0", false)]
    [InlineData("^1.2.3", "1.9.0", true)]
    [InlineData("^1.2.3", "2.0.0", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.3", true)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("^0", "0.9.0", true)]
    [InlineData("1.2.x", "1.2.7", true)]
    [InlineData("1.2.x", "1.3.0", false)]
    [InlineData("*", "4.5.6", true)]
    [InlineData(">1.x", "1.5.0", false)]
    [InlineData(">1.x", "2.0.0", true)]
    [InlineData(">1.1", "1.1.9", false)]
    [InlineData(">1.1", "1.2.0", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("<=1.2", "1.3.0", false)]
    [InlineData(">= 1.2, < 2", "1.9.9", true)]
    [InlineData(">= 1.2 < 2", "2.0.0", false)]
    [InlineData("1.0.0 - 2.0.0", "2.0.0", true)]
    [InlineData("1.0.0 - 2.0.0", "2.0.1", false)]
    [InlineData("<1 || >=3", "3.1.0", true)]
    [InlineData("<1 || >=3", "2.0.0", false)]
    [InlineData("!=1.2.3", "1.2.3", false)]
    [InlineData("!=1.2.x", "1.3.0", true)]
    [InlineData(">=1.0.0", "1.5.0-beta.1", false)]
    [InlineData(">=1.5.0-alpha", "1.5.0-beta.1", true)]
    [InlineData("=v1.2.3", "1.2.3", true)]
    public void Constraint_Check_AsSemverDoes(string constraint, string version, bool expected)
    {
        var parsed = VersionConstraint.TryParse(constraint);

        Assert.NotNull(parsed);
        Assert.Equal(expected, parsed.IsSatisfiedBy(SemanticVersion.TryParse(version)!));
    }

    /// <summary>semver NewConstraint: text that is no constraint is refused ("improper constraint"), so kpt uses it as a literal tag.</summary>
    [Theory]
    [InlineData("latest")]
    [InlineData("master-git-38f885f")]
    [InlineData(">>1.0")]
    public void Constraint_NotAConstraint_IsRefused(string text) => Assert.Null(VersionConstraint.TryParse(text));

    /// <summary>semver version.go Compare: prerelease below release; numeric identifiers compare as numbers, below words; metadata ignored.</summary>
    [Theory]
    [InlineData("1.2.3-alpha", "1.2.3", -1)]
    [InlineData("1.2.3-alpha.10", "1.2.3-alpha.9", 1)]
    [InlineData("1.2.3-alpha.1", "1.2.3-alpha.beta", -1)]
    [InlineData("1.2.3+build.1", "1.2.3+build.2", 0)]
    [InlineData("v1.2", "1.2.0", 0)]
    public void Version_Compare_AsSemverDoes(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(SemanticVersion.TryParse(a)!.CompareTo(SemanticVersion.TryParse(b)!)));

    /// <summary>semver NewVersion: a numeric prerelease identifier with a leading zero, and text that is no version, are refused.</summary>
    [Theory]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3.4")]
    [InlineData("38f885f")]
    public void Version_Invalid_IsRefused(string text) => Assert.Null(SemanticVersion.TryParse(text));

    /// <summary>
    /// kpt e2e fn-render/basicpipeline-semver: constraints in <c>tag</c> resolve through the runtime that lists tags;
    /// the runtime receives the resolved image and the step is shown with the tag as written.
    /// </summary>
    [Fact]
    public async Task Render_TagConstraint_ResolvesThroughTheListingRuntime()
    {
        var runtime = new ListingRuntime(new Dictionary<string, string[]>
        {
            ["ghcr.io/kptdev/krm-functions-catalog/set-namespace"] = ["v0.4.1", "v0.4.3", "v0.4.5"],
            ["ghcr.io/kptdev/krm-functions-catalog/set-labels"] = ["v0.1.5", "v0.2.0", "v0.2.2", "v0.3.0"],
        });
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n"
                + "    - image: ghcr.io/kptdev/krm-functions-catalog/set-namespace\n      tag: \"0.4.1 - 0.4.3\"\n"
                + "    - image: ghcr.io/kptdev/krm-functions-catalog/set-labels\n      tag: \"~0.2\"\n",
            ["cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
        };

        var result = await new KptPackageRenderer([runtime], NullLogger<KptPackageRenderer>.Instance).RenderAsync(files);

        Assert.Null(result.Error);
        Assert.Equal(
            ["ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4.3", "ghcr.io/kptdev/krm-functions-catalog/set-labels:v0.2.2"],
            runtime.Ran);
    }

    /// <summary>A constraint nothing lists fails the step with kpt's text, and nothing runs.</summary>
    [Fact]
    public async Task Render_TagConstraintWithoutMatch_FailsWithKptsText()
    {
        var runtime = new ListingRuntime(new Dictionary<string, string[]> { ["ghcr.io/kptdev/krm-functions-catalog/set-labels"] = ["v0.1.5"] });
        var files = new Dictionary<string, string>
        {
            ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n"
                + "    - image: set-labels\n      tag: \"~0.2\"\n",
        };

        var result = await new KptPackageRenderer([runtime], NullLogger<KptPackageRenderer>.Instance).RenderAsync(files);

        Assert.Contains("no tag could be found matching the version constraint \"~0.2\"", result.Error, StringComparison.Ordinal);
        Assert.Empty(runtime.Ran);
    }

    private sealed class ListerStub(Dictionary<string, string[]>? tags) : IFunctionTagLister
    {
        public string Name => "stub";

        public ValueTask<IReadOnlyList<string>> ListTagsAsync(string image, CancellationToken cancellationToken = default) =>
            tags is null
                ? throw new InvalidOperationException("registry unreachable")
                : ValueTask.FromResult<IReadOnlyList<string>>(tags.TryGetValue(image, out var found) ? found : []);
    }

    private sealed class ListingRuntime(Dictionary<string, string[]> tags) : IFunctionRuntime, IFunctionTagLister
    {
        public List<string> Ran { get; } = [];

        public string Name => "listing";

        public ValueTask<IReadOnlyList<string>> ListTagsAsync(string image, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<string>>(tags.TryGetValue(image, out var found) ? found : []);

        public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IFunctionRunner?>(new Runner(this, function.Image!));

        private sealed class Runner(ListingRuntime owner, string image) : IFunctionRunner
        {
            public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
            {
                owner.Ran.Add(image);
                var output = new ResourceList();
                foreach (var item in input.Items)
                {
                    output.Items.Add(item.Clone());
                }

                return Task.FromResult(output);
            }
        }
    }
}
