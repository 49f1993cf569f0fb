namespace Porch.Starlark.Tests;

/// <summary>The host API of issue 20: calls back into Starlark from a builtin, deep freezing, module and host values.</summary>
public sealed class HostExtensionTests
{
    [Fact]
    public void Call_FailingInsideBuiltin_IsStarlarkEvalExceptionWithCallStack_StarlarktestCatch()
    {
        // starlarktest's catch(f): a builtin calls f and turns its failure into a value.
        StarlarkEvalException? caught = null;
        var catchFn = new StarlarkBuiltin("catch", a =>
        {
            try
            {
                a.Thread.Call(a.Positional[0], Array.Empty<StarlarkValue>());
                return StarlarkNone.Instance;
            }
            catch (StarlarkEvalException e)
            {
                caught = e;
                return new StarlarkString(e.ErrorMessage);
            }
        });
        var g = TestRun.Exec("def f():\n  return 1 // 0\nmsg = catch(f)\n", predeclared: new Dictionary<string, StarlarkValue> { ["catch"] = catchFn });

        Assert.Equal("floored division by zero", g["msg"].ToString());
        Assert.NotNull(caught);
        Assert.Equal("f", caught!.CallStack[^1].FunctionName);
        Assert.Equal(2, caught.CallStack[^1].Position.Line);
    }

    [Fact]
    public void Call_FailureLetThroughABuiltin_KeepsItsMessageAndStack_EvalGoCall()
    {
        // go.starlark.net's Call: an EvalError from a nested call passes on unchanged.
        var apply = new StarlarkBuiltin("apply", a => a.Thread.Call(a.Positional[0], Array.Empty<StarlarkValue>()));
        var ex = TestRun.EvalError("def f():\n  fail('boom')\napply(f)\n", predeclared: new Dictionary<string, StarlarkValue> { ["apply"] = apply });

        Assert.Equal("fail: boom", ex.ErrorMessage);
        Assert.Equal(StarlarkErrorKind.Fail, ex.Kind);
        Assert.Equal("f", ex.CallStack[^1].FunctionName);
        Assert.Equal(2, ex.Position.Line);
    }

    [Fact]
    public void Freeze_ReachesEveryNestedValue_StarlarktestFreeze()
    {
        var inner = new StarlarkList(new StarlarkValue[] { StarlarkInt.One });
        var dict = new StarlarkDict { ["k"] = new StarlarkTuple(new StarlarkValue[] { inner }) };
        var outer = new StarlarkList(new StarlarkValue[] { dict });

        outer.Freeze();

        Assert.True(outer.IsFrozen);
        Assert.True(dict.IsFrozen);
        Assert.True(inner.IsFrozen);
        var ex = TestRun.EvalError("x[0]['k'][0].append(2)\n", predeclared: new Dictionary<string, StarlarkValue> { ["x"] = outer });
        Assert.Contains("cannot append to frozen list", ex.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_TypeReprAttributesAndErrors_StarlarkstructModule()
    {
        var module = new StarlarkModule("assert", new Dictionary<string, StarlarkValue> { ["eq"] = StarlarkInt.One, ["fails"] = StarlarkInt.Zero });
        var g = TestRun.Exec("t = type(m)\ns = str(m)\nd = dir(m)\nv = m.eq\n", predeclared: new Dictionary<string, StarlarkValue> { ["m"] = module });

        Assert.Equal("module", g["t"].ToString());
        Assert.Equal("<module \"assert\">", g["s"].ToString());
        Assert.Equal("[\"eq\", \"fails\"]", g["d"].ToRepr());
        Assert.Equal("1", g["v"].ToString());
        Assert.Contains("unhashable: module", TestRun.EvalError("x = {m: 1}\n", predeclared: new Dictionary<string, StarlarkValue> { ["m"] = module }).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("can't assign to .eq field of module", TestRun.EvalError("m.eq = 2\n", predeclared: new Dictionary<string, StarlarkValue> { ["m"] = module }).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("module has no .fials field or method (did you mean .fails?)", TestRun.EvalError("x = m.fials\n", predeclared: new Dictionary<string, StarlarkValue> { ["m"] = module }).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void HostValue_FieldsIterationBinaryAndFreeze_EvalTestHasfields()
    {
        var pre = new Dictionary<string, StarlarkValue> { ["h"] = new Counter() };
        var g = TestRun.Exec("h.start = 3\nl = [x for x in h]\ns = h.start\nr = [] + h\nn = dir(h)\nkept = h\n", predeclared: pre);

        Assert.Equal("[3, 4, 5]", g["l"].ToRepr());
        Assert.Equal("3", g["s"].ToString());
        Assert.Equal("\"counter\"", g["r"].ToRepr());
        Assert.Equal("[\"start\"]", g["n"].ToRepr());
        Assert.True(g["kept"].IsFrozen); // a global's value is frozen (deeply) after execution
        var ex = TestRun.EvalError("h.strat = 1\n", predeclared: new Dictionary<string, StarlarkValue> { ["h"] = new Counter() });
        Assert.Equal("no .strat field (did you mean .start?)", ex.ErrorMessage);
    }

    [Fact]
    public void JsonModule_EncodesAndDecodes_GoStarlarkLibJson()
    {
        var pre = new Dictionary<string, StarlarkValue> { ["json"] = StarlarkLibrary.CreateJsonModule() };
        var g = TestRun.Exec("e = json.encode({'b': [1, 2.5, None], 'a': 'x'})\nd = json.decode('{\"k\": [true, 10]}')\n", predeclared: pre);

        Assert.Equal("{\"a\":\"x\",\"b\":[1,2.5,null]}", g["e"].ToString());
        Assert.Equal("{\"k\": [True, 10]}", g["d"].ToRepr());
        var ex = TestRun.EvalError("json.decode('[1, 2}')\n", predeclared: new Dictionary<string, StarlarkValue> { ["json"] = StarlarkLibrary.CreateJsonModule() });
        Assert.Equal("json.decode: at offset 5, got '}', want ',' or ']'", ex.ErrorMessage);
    }

    private sealed class Counter : StarlarkHostValue
    {
        private StarlarkValue _start = StarlarkInt.Zero;
        private bool _frozen;

        public override string Type => "counter";

        public override bool IsFrozen => _frozen;

        public override IEnumerable<string> GetAttributeNames() => new[] { "start" };

        public override StarlarkValue? GetAttribute(string name) => name == "start" ? _start : null;

        public override void SetAttribute(string name, StarlarkValue value)
        {
            if (name != "start")
            {
                throw new StarlarkNoSuchAttributeException("no ." + name + " field");
            }

            _start = value;
        }

        public override IEnumerable<StarlarkValue>? Iterate()
        {
            ((StarlarkInt)_start).TryGetInt64(out var s);
            return Enumerable.Range((int)s, 3).Select(i => (StarlarkValue)StarlarkInt.Of(i));
        }

        public override StarlarkValue? Binary(string op, StarlarkValue other, bool thisOnLeft) =>
            op == "+" && !thisOnLeft ? new StarlarkString("counter") : null;

        protected override IEnumerable<StarlarkValue> OnFreeze()
        {
            _frozen = true;
            return new[] { _start };
        }
    }
}
