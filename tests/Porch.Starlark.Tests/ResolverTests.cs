namespace Porch.Starlark.Tests;

public sealed class ResolverTests
{
    [Theory]
    [InlineData("_ = x\n", "undefined: x")]
    [InlineData("x = 1\nx = 2\n", "cannot reassign global x declared at test.star:1:1")]
    [InlineData("x = [1]\nx += [3]\n", "cannot reassign global x")]
    [InlineData("def f():\n  if False:\n    g()\n", "undefined: g")]
    [InlineData("_ = [x for x in 'abc'.elems()]\nprint(x)\n", "undefined: x")]
    [InlineData("def f():\n  load('foo', 'bar')\n", "load statement within a function")]
    [InlineData("load('foo', '_a')\n", "load: names with leading underscores are not exported: _a")]
    [InlineData("load('module', 'x')\nx = 1\n", "cannot reassign local x")]
    [InlineData("load('module', 'x')\nload('module', 'x')\n", "cannot reassign top-level x")]
    [InlineData("return\n", "return statement not within a function")]
    [InlineData("for x in []:\n  pass\n", "for loop not within a function")]
    [InlineData("if True:\n  pass\n", "if statement not within a function")]
    [InlineData("def f():\n  while True:\n    pass\n", "dialect does not support while loops")]
    [InlineData("1 = 0\n", "can't assign to literal")]
    [InlineData("1+2 = 0\n", "can't assign to binaryexpr")]
    [InlineData("f() = 0\n", "can't assign to callexpr")]
    [InlineData("def f():\n  [c, d] += 0\n", "can't use list expression in augmented assignment")]
    [InlineData("def f():\n  (e, f) += 0\n", "can't use tuple expression in augmented assignment")]
    [InlineData("break\n", "break not in a loop")]
    [InlineData("def f():\n  continue\n", "continue not in a loop")]
    [InlineData("s = set()\n", "dialect does not support sets")]
    [InlineData("hello = 1\nprint(hollo)\n", "undefined: hollo (did you mean hello?)")]
    public void ExecFile_DefaultDialect_RejectsStatically(string source, string expected)
    {
        var ex = TestRun.SyntaxError(source);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_SeveralResolveErrors_AreAllReported()
    {
        var ex = TestRun.SyntaxError("a = b\nc = d\nbreak\n");
        Assert.Equal(3, ex.Errors.Count);
        Assert.Equal(1, ex.Errors[0].Position.Line);
        Assert.Equal(3, ex.Errors[2].Position.Line);
    }

    [Fact]
    public void ExecFile_WhileWithRecursionButNoGlobalReassign_RejectsTopLevelWhile()
    {
        var ex = TestRun.SyntaxError("while False:\n  pass\n", new StarlarkOptions { AllowRecursion = true });
        Assert.Contains("while loop not within a function", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_GlobalReassign_RequiresDefinitionBeforeUseAtTopLevel()
    {
        var ex = TestRun.SyntaxError("_ = x\nx = 1\n", new StarlarkOptions { AllowGlobalReassign = true });
        Assert.Contains("undefined: x", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_ForwardReferenceToGlobal_IsADynamicError()
    {
        var ex = TestRun.EvalError("_ = x\nx = 1\n", new StarlarkOptions());
        Assert.Equal("test.star:1:5: global variable x referenced before assignment", ex.Message);
    }

    [Fact]
    public void ExecFile_GlobalShadowsPredeclaredEvenBeforeItsDefinition()
    {
        var ex = TestRun.EvalError("a = len\nlen = 1\n", new StarlarkOptions());
        Assert.Contains("global variable len referenced before assignment", ex.Message, StringComparison.Ordinal);
        var g = TestRun.Exec("len = 1\na = len\n", new StarlarkOptions());
        Assert.Equal("1", g["a"].ToString());
    }

    [Fact]
    public void ExecFile_RecursionDisabled_FailsDynamically()
    {
        var ex = TestRun.EvalError("def fib(x):\n  return x if x < 2 else fib(x-1) + fib(x-2)\nfib(5)\n", new StarlarkOptions());
        Assert.Contains("function fib called recursively", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreAllOff()
    {
        var o = new StarlarkOptions();
        Assert.False(o.AllowSet);
        Assert.False(o.AllowRecursion);
        Assert.False(o.AllowGlobalReassign);
        var kpt = StarlarkOptions.KptDialect();
        Assert.True(kpt.AllowSet && kpt.AllowRecursion && kpt.AllowGlobalReassign);
    }
}
