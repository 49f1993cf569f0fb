namespace Porch.Starlark.Tests;

/// <summary>
/// Every recursive operation on deeply nested input fails with a Starlark error at a fixed depth instead of
/// overflowing the native stack (issue 16); output counts against the allocation budget.
/// </summary>
public sealed class NestingBoundsTests
{
    private const int Deep = 100_000;

    private static string Nest(string open, string close, string inner = "1") =>
        "x = " + string.Concat(Enumerable.Repeat(open, Deep)) + inner + string.Concat(Enumerable.Repeat(close, Deep)) + "\n";

    private static string BuildDeep(string wrap) => "x = 1\nfor i in range(" + Deep + "):\n  x = " + wrap + "\n";

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{'a': ", "}")]
    [InlineData("-", "")]
    [InlineData("not ", "")]
    [InlineData("f(", ")")]
    [InlineData("x[", "]")]
    [InlineData("lambda: ", "")]
    [InlineData("1 if True else ", "")]
    public void Parse_NestedHundredThousandDeep_IsASyntaxErrorNotACrash(string open, string close)
    {
        var ex = TestRun.SyntaxError(Nest(open, close));
        Assert.Contains("too deep", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".a")]
    [InlineData("()")]
    [InlineData("[0]")]
    [InlineData(" + 1")]
    public void Parse_HundredThousandLongChain_IsASyntaxErrorNotACrash(string link)
    {
        var ex = TestRun.SyntaxError("x = y" + string.Concat(Enumerable.Repeat(link, Deep)) + "\n");
        Assert.Contains("expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ChainsInsideNestedParentheses_DepthStaysBounded()
    {
        var chain = "1" + string.Concat(Enumerable.Repeat(" + 1", 1500));
        var source = "x = " + string.Concat(Enumerable.Repeat("(" + chain + " + ", 150)) + "1" + new string(')', 150) + "\n";
        var ex = TestRun.SyntaxError(source);
        Assert.Contains("expression", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BlocksNestedThousandsDeep_IsASyntaxErrorNotACrash()
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            sb.Append(' ', i).Append("if True:\n");
        }

        sb.Append(' ', 3000).Append("x = 1\n");
        var ex = TestRun.SyntaxError(sb.ToString(), StarlarkOptions.KptDialect());
        Assert.Contains("too deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyStatementsWithLongChains_EachCountedOnItsOwn()
    {
        var line = "x = 1" + string.Concat(Enumerable.Repeat(" + 1", 1500)) + "\n";
        var g = TestRun.Exec(string.Concat(Enumerable.Repeat(line, 5)));
        Assert.Equal("1501", g["x"].ToString());
    }

    [Theory]
    [InlineData("[x]")]
    [InlineData("{'k': x}")]
    [InlineData("(x,)")]
    public void Str_OfValueNestedHundredThousandDeep_FailsWithRecursionDepthError(string wrap)
    {
        var ex = TestRun.EvalError(BuildDeep(wrap) + "s = str(x)\n", WithStruct());
        Assert.Equal("maximum recursion depth exceeded while formatting a value", ex.ErrorMessage);
        Assert.Equal(StarlarkErrorKind.CallDepthExceeded, ex.Kind);
    }

    [Fact]
    public void Str_OfValueNestedNineHundredDeep_Works()
    {
        var g = TestRun.Exec("x = 1\nfor i in range(900):\n  x = [x]\ns = str(x)\n");
        Assert.Equal(new string('[', 900) + "1" + new string(']', 900), ((StarlarkString)g["s"]).Value);
    }

    [Theory]
    [InlineData("[x]", "x == y")]
    [InlineData("{'k': x}", "x == y")]
    [InlineData("(x,)", "x == y")]
    [InlineData("[x]", "x < y")]
    [InlineData("[x]", "x in [y]")]
    public void Compare_ValuesNestedHundredThousandDeep_FailsWithGoText(string wrap, string test)
    {
        var build = "x = 1\ny = 1\nfor i in range(" + Deep + "):\n  x = " + wrap + "\n  y = " + wrap.Replace("x", "y", StringComparison.Ordinal) + "\n";
        var ex = TestRun.EvalError(build + "r = " + test + "\n", WithStruct());
        Assert.Equal("comparison exceeded maximum recursion depth", ex.ErrorMessage);
    }

    [Theory]
    [InlineData("(x,)")]
    public void Hash_OfValueNestedHundredThousandDeep_FailsWithRecursionDepthError(string wrap)
    {
        var ex = TestRun.EvalError(BuildDeep(wrap) + "d = {x: 1}\n", WithStruct());
        Assert.Equal("hash exceeded maximum recursion depth", ex.ErrorMessage);
    }

    [Fact]
    public void Freeze_OfListNestedHundredThousandDeep_Works()
    {
        var g = TestRun.Exec(BuildDeep("[x]"));
        Assert.True(g.ContainsKey("x"));
    }

    [Fact]
    public void Call_RunawayRecursion_FailsWithStackOverflowError()
    {
        var ex = TestRun.EvalError("def f(n):\n  return f(n + 1)\nf(0)\n");
        Assert.Equal(StarlarkErrorKind.CallDepthExceeded, ex.Kind);
        Assert.Contains("Starlark stack overflow", ex.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_RecursionWithHugeConfiguredDepth_FailsCleanlyNotACrash()
    {
        var options = StarlarkOptions.KptDialect();
        options.MaxCallDepth = 10_000_000;
        var ex = TestRun.EvalError("def f(n):\n  return f(n + 1)\nf(0)\n", options);
        Assert.Equal(StarlarkErrorKind.CallDepthExceeded, ex.Kind);
    }

    [Fact]
    public void Print_CountsAgainstTheAllocationBudget()
    {
        var options = StarlarkOptions.KptDialect();
        options.MaxAllocations = 1024 * 1024;
        var printed = 0L;
        var thread = new StarlarkThread(options) { PrintHandler = line => printed += line.Length };
        var ex = Assert.Throws<StarlarkEvalException>(() => thread.ExecFile("t", "s = 'x' * 1000\nfor i in range(100000):\n  print(s)\n"));
        Assert.Equal(StarlarkErrorKind.AllocationBudgetExceeded, ex.Kind);
        Assert.StartsWith("Starlark computation cancelled: too many allocations", ex.ErrorMessage, StringComparison.Ordinal);
        Assert.InRange(printed, 1, 1024 * 1024);
    }

    [Fact]
    public void ChargeAllocations_AfterTheRun_CountsWithWhatTheScriptAllocated()
    {
        var options = StarlarkOptions.KptDialect();
        options.MaxAllocations = 1024 * 1024;
        var thread = new StarlarkThread(options);
        thread.ExecFile("t", "x = 'a' * 1000\n");
        var used = thread.Allocations;
        Assert.True(used > 0);
        thread.ChargeAllocations(1000);
        Assert.Equal(used + 1000, thread.Allocations);
        var ex = Assert.Throws<StarlarkEvalException>(() => thread.ChargeAllocations(1024 * 1024));
        Assert.Equal(StarlarkErrorKind.AllocationBudgetExceeded, ex.Kind);
    }

    [Fact]
    public void StepBudget_HoldsInNestedComprehensions()
    {
        var options = StarlarkOptions.KptDialect();
        options.MaxSteps = 10_000;
        var ex = TestRun.EvalError("x = [i * j for i in range(1000) for j in range(1000)]\n", options);
        Assert.Equal(StarlarkErrorKind.StepBudgetExceeded, ex.Kind);
        var ex2 = TestRun.EvalError("x = {i: [j for j in range(1000)] for i in range(1000)}\n", options);
        Assert.Equal(StarlarkErrorKind.StepBudgetExceeded, ex2.Kind);
    }

    [Theory]
    [InlineData("l.append(1)", "cannot append to frozen list")]
    [InlineData("l.extend([1])", "cannot extend frozen list")]
    [InlineData("l.insert(0, 1)", "cannot insert into frozen list")]
    [InlineData("l.pop()", "cannot pop from frozen list")]
    [InlineData("l.remove(1)", "cannot remove from frozen list")]
    [InlineData("l.clear()", "cannot clear frozen list")]
    [InlineData("l[0] = 2", "cannot assign to element of frozen list")]
    [InlineData("l += [1]", "cannot apply += to frozen list")]
    [InlineData("d['k'] = 2", "cannot insert into frozen hash table")]
    [InlineData("d.update({'z': 1})", "cannot insert into frozen hash table")]
    [InlineData("d.setdefault('z', 1)", "cannot insert into frozen hash table")]
    [InlineData("d.pop('k')", "cannot delete from frozen hash table")]
    [InlineData("d.popitem()", "cannot delete from frozen hash table")]
    [InlineData("d.clear()", "cannot clear frozen hash table")]
    [InlineData("s.add(3)", "cannot insert into frozen hash table")]
    [InlineData("s.discard(1)", "cannot delete from frozen hash table")]
    [InlineData("s.remove(1)", "cannot delete from frozen hash table")]
    [InlineData("s.pop()", "cannot delete from frozen hash table")]
    [InlineData("s.clear()", "cannot clear frozen hash table")]
    [InlineData("s |= set([9])", "cannot apply |= to frozen hash table")]
    [InlineData("s -= set([1])", "cannot apply -= to frozen hash table")]
    public void FrozenValue_EveryMutation_FailsWithGoText(string mutation, string expected)
    {
        var lib = new StarlarkThread(StarlarkOptions.KptDialect()).ExecFile("lib.star", "l = [1]\nd = {'k': 1}\ns = set([1])\n");
        var thread = new StarlarkThread(StarlarkOptions.KptDialect()) { LoadHandler = _ => lib };
        var ex = Assert.Throws<StarlarkEvalException>(() => thread.ExecFile("main.star", "load('lib.star', 'l', 'd', 's')\ndef f(l, d, s):\n  " + mutation + "\nf(l, d, s)\n"));
        Assert.Contains(expected, ex.ErrorMessage, StringComparison.Ordinal);
    }

    private static StarlarkOptions WithStruct() => StarlarkOptions.KptDialect();
}
