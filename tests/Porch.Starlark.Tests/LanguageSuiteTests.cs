namespace Porch.Starlark.Tests;

public sealed class LanguageSuiteTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "testdata");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(DataDir, "*.star").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void StarFile_AllAssertions_Pass(string file)
    {
        var harness = new StarTestHarness();
        harness.Run(file, File.ReadAllText(Path.Combine(DataDir, file)));
        Assert.True(harness.Failures.Count == 0, string.Join("\n", harness.Failures));
        Assert.True(harness.Assertions > 0, "no assertions ran");
    }

    [Fact]
    public void StarFiles_Together_MakeAtLeast400Assertions()
    {
        var total = 0;
        foreach (var f in Directory.GetFiles(DataDir, "*.star"))
        {
            var harness = new StarTestHarness();
            harness.Run(Path.GetFileName(f), File.ReadAllText(f));
            total += harness.Assertions;
        }

        Assert.True(total >= 400, "only " + total + " assertions");
    }
}
