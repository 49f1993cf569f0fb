namespace Porch.Krm.Tests;

/// <summary>Go's <c>strconv.Quote</c> (<c>%q</c>) and <c>encoding/json</c> string rules, which kpt's and Porch's messages use.</summary>
public sealed class GoStringTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\tnew\nline\r", "\"tab\\tnew\\nline\\r\"")]
    [InlineData("\a\b\f\v", "\"\\a\\b\\f\\v\"")]
    [InlineData("\u0001\u007f", "\"\\x01\\x7f\"")]
    [InlineData("\u0085\u00a0", "\"\\u0085\\u00a0\"")]
    [InlineData("\u200b\u2028", "\"\\u200b\\u2028\"")]
    [InlineData("héllo wörld ✓", "\"héllo wörld ✓\"")]
    [InlineData("\U0001F600", "\"\U0001F600\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")]
    public void Quote_FollowsStrconvQuote(string value, string expected) => Assert.Equal(expected, GoString.Quote(value));

    [Fact]
    public void JsonMap_SortsKeysAndEscapesHtmlAsGoJson() =>
        Assert.Equal(
            "{\"a\":\"x\\u003cy\\u003e\",\"b\":\"1\\n\\u0001\"}",
            GoString.JsonMap(new Dictionary<string, string> { ["b"] = "1\n\u0001", ["a"] = "x<y>" }));
}
