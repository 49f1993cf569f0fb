namespace Porch.Starlark.Tests;

public sealed class SandboxTests
{
    [Fact]
    public void ExecFile_InfiniteWhileLoop_StopsOnStepBudget()
    {
        var ex = TestRun.EvalError("while True:\n  pass\n");
        Assert.Equal(StarlarkErrorKind.StepBudgetExceeded, ex.Kind);
        Assert.Equal("Starlark computation cancelled: too many steps", ex.ErrorMessage);
    }

    [Fact]
    public void ExecFile_LongForLoopInFunction_StopsOnStepBudget()
    {
        var ex = TestRun.EvalError("def f():\n  for i in range(2000000000):\n    pass\nf()\n");
        Assert.Equal(StarlarkErrorKind.StepBudgetExceeded, ex.Kind);
        Assert.Equal("f", ex.CallStack[^1].FunctionName);
        Assert.InRange(ex.CallStack[^1].Position.Line, 2, 3);
    }

    [Fact]
    public void ExecFile_BuiltinIteratingHugeRange_StopsOnStepBudget()
    {
        var ex = TestRun.EvalError("x = all(range(1, 2000000000))\n");
        Assert.Equal(StarlarkErrorKind.StepBudgetExceeded, ex.Kind);
    }

    [Fact]
    public void ExecFile_RepeatedBigIntMultiplication_IsChargedByOperandSize()
    {
        var ex = TestRun.EvalError("x = 1\nfor i in range(120):\n  x = x << 500\nfor i in range(100000):\n  y = x * x\n");
        Assert.True(ex.Kind is StarlarkErrorKind.StepBudgetExceeded or StarlarkErrorKind.AllocationBudgetExceeded, ex.Kind.ToString());
    }

    [Fact]
    public void ExecFile_SmallStepBudget_IsHonoured()
    {
        var options = StarlarkOptions.KptDialect();
        options.MaxSteps = 100;
        var thread = new StarlarkThread(options);
        var ex = Assert.Throws<StarlarkEvalException>(() => thread.ExecFile("t", "for i in range(1000):\n  x = i\n"));
        Assert.Equal(StarlarkErrorKind.StepBudgetExceeded, ex.Kind);
        Assert.InRange(thread.Steps, 100, 102);
    }

    [Theory]
    [InlineData("x = [0] * 1000000000\n")]
    [InlineData("x = \"x\" * 1000000000\n")]
    [InlineData("x = list(range(2000000000))\n")]
    [InlineData("x = (1, 2) * 100000000\n")]
    [InlineData("s = 'abcdefgh' * 100000\nfor i in range(10000):\n  s += s[:100000]\n")]
    [InlineData("x = 'a'\nfor i in range(100):\n  x = x + x\n")]
    [InlineData("x = [1]\nfor i in range(100):\n  x = x + x\n")]
    public void ExecFile_HugeAllocation_FailsOnAllocationBudget(string source)
    {
        var ex = TestRun.EvalError(source);
        Assert.Equal(StarlarkErrorKind.AllocationBudgetExceeded, ex.Kind);
        Assert.StartsWith("Starlark computation cancelled: too many allocations", ex.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_DeepRecursion_StopsOnCallDepthWithoutCrashing()
    {
        var ex = TestRun.EvalError("def f(n):\n  return f(n + 1)\nf(0)\n");
        Assert.Equal(StarlarkErrorKind.CallDepthExceeded, ex.Kind);
        Assert.Contains("maximum call depth", ex.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("<toplevel>", ex.CallStack[0].FunctionName);
        Assert.Equal("f", ex.CallStack[^1].FunctionName);
    }

    [Fact]
    public void ExecFile_LargeCallDepthOption_NativeStackGuardStillPreventsCrash()
    {
        var options = StarlarkOptions.KptDialect();
        options.MaxCallDepth = 10_000_000;
        options.MaxSteps = long.MaxValue;
        var ex = Assert.Throws<StarlarkEvalException>(() => new StarlarkThread(options).ExecFile("t", "def f(n):\n  return f(n + 1)\nf(0)\n"));
        Assert.Equal(StarlarkErrorKind.CallDepthExceeded, ex.Kind);
    }

    [Fact]
    public void ExecFile_DeeplyNestedValue_FormatsAndFreezesWithoutCrashing()
    {
        var g = TestRun.Exec("x = []\nfor i in range(100000):\n  x = [x]\n");
        var ex = Record.Exception(() => g["x"].ToString());
        Assert.True(ex is null || ex is InvalidOperationException, ex?.GetType().Name);
        Assert.True(g["x"].IsFrozen);
        var ex2 = TestRun.EvalError("x = []\nfor i in range(100000):\n  x = [x]\ny = str(x)\n");
        Assert.Equal(StarlarkErrorKind.CallDepthExceeded, ex2.Kind);
    }

    [Fact]
    public void ExecFile_CancelledToken_StopsWithCancelledKind()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var tick = new StarlarkBuiltin("tick", _ =>
        {
            if (++calls == 10)
            {
                cts.Cancel();
            }

            return StarlarkNone.Instance;
        });
        var thread = new StarlarkThread(StarlarkOptions.KptDialect());
        var ex = Assert.Throws<StarlarkEvalException>(() =>
            thread.ExecFile("t", "while True:\n  tick()\n", new Dictionary<string, StarlarkValue> { ["tick"] = tick }, cts.Token));
        Assert.Equal(StarlarkErrorKind.Cancelled, ex.Kind);
        Assert.StartsWith("Starlark computation cancelled", ex.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_AlreadyCancelledToken_DoesNotRun()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var ex = Assert.Throws<StarlarkEvalException>(() => new StarlarkThread().ExecFile("t", "x = 1\n", null, cts.Token));
        Assert.Equal(StarlarkErrorKind.Cancelled, ex.Kind);
    }

    [Fact]
    public void Universe_HasNoFileNetworkClockOrEnvironmentAccess()
    {
        foreach (var name in new[] { "open", "exec", "eval", "import", "__import__", "time", "os", "getenv", "environ", "input", "globals", "locals" })
        {
            var ex = TestRun.SyntaxError("x = " + name + "\n");
            Assert.Contains("undefined: " + name, ex.Message, StringComparison.Ordinal);
        }
    }
}
