namespace Porch.Krm.Tests;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "gold", ["kpt.dev/latest-revision"] = "true" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=db", false)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (db, web)", true)]
    [InlineData("app notin (db,web)", false)]
    [InlineData("app=web,tier=gold", true)]
    [InlineData(" app = web , tier in (gold) ", true)]
    [InlineData("app=web,tier=silver", false)]
    [InlineData("kpt.dev/latest-revision=true", true)]
    public void Matches(string selector, bool expected) => Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app=web,", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("app in web", "unable to parse requirement: found 'web', expected: '('")]
    [InlineData("-bad=x", "unable to parse requirement: invalid label key \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")]
    [InlineData("app=b@d", "unable to parse requirement: invalid label value: \"b@d\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character")]
    public void Parse_Invalid_ThrowsFormatExceptionWithKubernetesText(string selector, string message)
    {
        var ex = Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
        Assert.Equal(message, ex.Message);
        Assert.False(LabelSelector.TryParse(selector, out _, out var error));
        Assert.Equal(message, error);
    }
}
