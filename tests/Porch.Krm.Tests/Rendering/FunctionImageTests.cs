using Porch.Krm.Functions;

namespace Porch.Krm.Tests.Rendering;

public sealed class FunctionImageTests
{
    [Theory]
    [InlineData("set-namespace:v0.4", null, "ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4")]
    [InlineData("set-namespace", null, "ghcr.io/kptdev/krm-functions-catalog/set-namespace:latest")]
    [InlineData("gcr.io/kpt-fn/set-labels:v0.2", null, "gcr.io/kpt-fn/set-labels:v0.2")]
    [InlineData("gcr.io/kpt-fn/set-labels", null, "gcr.io/kpt-fn/set-labels:latest")]
    [InlineData("localhost:5000/fn", null, "localhost:5000/fn:latest")]
    [InlineData("gcr.io/kpt-fn/x@sha256:0123456789abcdef0123456789abcdef", null, "gcr.io/kpt-fn/x@sha256:0123456789abcdef0123456789abcdef")]
    [InlineData("set-labels:v0.1", "v0.2.1", "ghcr.io/kptdev/krm-functions-catalog/set-labels:v0.2.1")]
    public void Resolve_Image_AppliesPrefixAndTagDefaults(string image, string? tag, string expected) =>
        Assert.Equal(expected, FunctionImage.Resolve(image, tag));

    [Fact]
    public void Resolve_VersionConstraint_ThrowsNamingIt()
    {
        var ex = Assert.Throws<FunctionEvaluationException>(() => FunctionImage.Resolve("set-labels", "~0.2"));
        Assert.Contains("\"~0.2\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcr.io/kpt-fn/set-labels:v0.2", "gcr.io/kpt-fn/", "set-labels")]
    [InlineData("gcr.io/kpt-fn/set-labels:v0.2", "gcr.io/kpt-fn", "set-labels")]
    [InlineData("gcr.io/kpt-fn/set-labels@sha256:00", "gcr.io/kpt-fn/", "set-labels")]
    [InlineData("gcr.io/kpt-fn/nested/set-labels:v0.2", "gcr.io/kpt-fn/", null)]
    [InlineData("ghcr.io/other/set-labels:v0.2", "gcr.io/kpt-fn/", null)]
    public void TryGetName_Prefix_MatchesOnlyDirectChildren(string image, string prefix, string? expected)
    {
        var matched = FunctionImage.TryGetName(image, prefix, out var name);
        Assert.Equal(expected is not null, matched);
        Assert.Equal(expected, name);
    }
}
