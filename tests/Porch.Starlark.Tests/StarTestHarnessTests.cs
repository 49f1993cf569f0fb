namespace Porch.Starlark.Tests;

public sealed class StarTestHarnessTests
{
    [Fact]
    public void Run_FailingAssertion_IsReportedWithLine()
    {
        var harness = new StarTestHarness();
        harness.Run("t.star", "assert.eq(1, 1)\nassert.eq(1, 2)\n");
        Assert.Equal(2, harness.Assertions);
        var failure = Assert.Single(harness.Failures);
        Assert.StartsWith("t.star:2: 1 != 2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FailsWithWrongMessage_IsReported()
    {
        var harness = new StarTestHarness();
        harness.Run("t.star", "assert.fails(lambda: 1 // 0, 'nothing like this')\nassert.fails(lambda: 1, 'x')\n");
        Assert.Equal(2, harness.Failures.Count);
        Assert.Contains("did not match error (floored division by zero)", harness.Failures[0], StringComparison.Ordinal);
        Assert.Contains("succeeded unexpectedly", harness.Failures[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UncaughtError_IsReported()
    {
        var harness = new StarTestHarness();
        harness.Run("t.star", "x = [][0]\n");
        Assert.Contains("index 0 out of range: empty list", Assert.Single(harness.Failures), StringComparison.Ordinal);
    }
}
