using System.Numerics;

namespace Porch.Starlark.Tests;

public sealed class HostApiTests
{
    private const string SetNamespace = """
        load("krmfn.star", "krmfn")
        items = ctx.resource_list["items"]
        ns = ctx.resource_list["functionConfig"]["data"]["namespace"]
        for r in items:
            if krmfn.match_kind(r, "Deployment"):
                r["metadata"]["namespace"] = ns
        items.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "generated"}})
        print("done", len(items))
        """;

    [Fact]
    public void ExecFile_KptLikeScript_MutatesHostTreeInPlace()
    {
        var resourceList = new StarlarkDict
        {
            ["apiVersion"] = new StarlarkString("config.kubernetes.io/v1"),
            ["kind"] = new StarlarkString("ResourceList"),
            ["items"] = new StarlarkList(new StarlarkValue[]
            {
                Resource("Deployment", "web"),
                Resource("Service", "web"),
            }),
            ["functionConfig"] = new StarlarkDict
            {
                ["data"] = new StarlarkDict { ["namespace"] = new StarlarkString("prod") },
            },
        };
        var ctx = new StarlarkStruct(new Dictionary<string, StarlarkValue> { ["resource_list"] = resourceList });
        var printed = new List<string>();
        var thread = new StarlarkThread(StarlarkOptions.KptDialect())
        {
            PrintHandler = printed.Add,
            LoadHandler = module => module == "krmfn.star"
                ? new Dictionary<string, StarlarkValue> { ["krmfn"] = KrmFn() }
                : throw new InvalidOperationException("unknown module"),
        };

        thread.ExecFile("set-namespace", SetNamespace, new Dictionary<string, StarlarkValue> { ["ctx"] = ctx });

        var items = Assert.IsType<StarlarkList>(resourceList["items"]);
        Assert.Equal(3, items.Count);
        var deployment = (StarlarkDict)items[0];
        var meta = (StarlarkDict)deployment["metadata"];
        Assert.Equal(new[] { "name", "namespace" }, meta.Keys.Select(k => ((StarlarkString)k).Value));
        Assert.Equal("prod", ((StarlarkString)meta["namespace"]).Value);
        Assert.False(((StarlarkDict)((StarlarkDict)items[1])["metadata"]).ContainsKey(new StarlarkString("namespace")));
        Assert.Equal(new[] { "apiVersion", "kind", "metadata" }, ((StarlarkDict)items[2]).Keys.Select(k => k.ToString()));
        Assert.Equal(new[] { "done 3" }, printed);
    }

    [Fact]
    public void ExecFile_Fail_IsDistinguishableWithBacktrace()
    {
        const string source = "def check(r):\n    fail(\"deployment \" + r + \" has no replicas\")\n\ncheck(\"web\")\n";
        var ex = Assert.Throws<StarlarkEvalException>(() => new StarlarkThread().ExecFile("add-pdb", source));
        Assert.Equal(StarlarkErrorKind.Fail, ex.Kind);
        Assert.Equal("fail: deployment web has no replicas", ex.ErrorMessage);
        Assert.Equal("add-pdb:2:9: fail: deployment web has no replicas", ex.Message);
        Assert.Equal("fail", ex.BuiltinName);
        Assert.Equal(
            "Traceback (most recent call last):\n  add-pdb:4:6: in <toplevel>\n  add-pdb:2:9: in check\nError in fail: fail: deployment web has no replicas",
            ex.Backtrace());
    }

    [Fact]
    public void ExecFile_RuntimeError_NamesFileLineColumn()
    {
        var ex = TestRun.EvalError("x = {}\ny = x[\"missing\"]\n");
        Assert.Equal(StarlarkErrorKind.Error, ex.Kind);
        Assert.Equal("test.star:2:6: key \"missing\" not in dict", ex.Message);
        Assert.Equal(new StarlarkPosition("test.star", 2, 6), ex.Position);
        Assert.Null(ex.BuiltinName);
        Assert.EndsWith("Error: key \"missing\" not in dict", ex.Backtrace(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_BinaryOpError_PointsAtOperator()
    {
        var ex = TestRun.EvalError("def f():\n    return 1 + \"a\"\nf()\n");
        Assert.Equal("test.star:2:14: unknown binary op: int + string", ex.Message);
        Assert.Equal(new[] { "<toplevel>", "f" }, ex.CallStack.Select(f => f.FunctionName));
        Assert.Equal(new StarlarkPosition("test.star", 3, 2), ex.CallStack[0].Position);
    }

    [Fact]
    public void HostBuiltin_ThrowingException_BecomesStarlarkError()
    {
        var boom = new StarlarkBuiltin("boom", _ => throw new InvalidOperationException("bad input"));
        var ex = Assert.Throws<StarlarkEvalException>(() =>
            new StarlarkThread().ExecFile("t", "boom()\n", new Dictionary<string, StarlarkValue> { ["boom"] = boom }));
        Assert.Equal("t:1:5: boom: bad input", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public void HostBuiltin_ReceivesPositionalAndNamedArguments()
    {
        StarlarkArguments? seen = null;
        var f = new StarlarkBuiltin("f", a =>
        {
            seen = a;
            return StarlarkInt.Of(a.Positional.Count + a.Named.Count);
        });
        var g = new StarlarkThread().ExecFile("t", "r = f(1, 'two', x=3)\n", new Dictionary<string, StarlarkValue> { ["f"] = f });
        Assert.Equal("3", g["r"].ToString());
        Assert.NotNull(seen);
        Assert.Equal("f", seen!.FunctionName);
        Assert.Equal("two", ((StarlarkString)seen.Positional[1]).Value);
        Assert.Equal("3", seen.GetNamed("x")!.ToString());
        Assert.Null(seen.GetNamed("y"));
    }

    [Fact]
    public void ExecFile_Globals_AreFrozenAndReadable()
    {
        var g = TestRun.Exec("d = {'b': 1, 'a': [1.5, True, None, (1, 'x')]}\nn = 1 << 70\ns = 'é'\nb = b'\\x00\\xff'\n");
        Assert.Equal(new[] { "d", "n", "s", "b" }, g.Keys);
        var d = (StarlarkDict)g["d"];
        Assert.True(d.IsFrozen);
        Assert.Equal(new[] { "b", "a" }, d.Keys.Select(k => k.ToString()));
        var list = (StarlarkList)d["a"];
        Assert.Equal(1.5, ((StarlarkFloat)list[0]).Value);
        Assert.True(((StarlarkBool)list[1]).Value);
        Assert.Same(StarlarkNone.Instance, list[2]);
        var tuple = (StarlarkTuple)list[3];
        Assert.True(((StarlarkInt)tuple[0]).TryGetInt64(out var one) && one == 1);
        Assert.Equal(BigInteger.One << 70, ((StarlarkInt)g["n"]).ToBigInteger());
        Assert.False(((StarlarkInt)g["n"]).TryGetInt64(out _));
        Assert.Equal("é", ((StarlarkString)g["s"]).Value);
        Assert.Equal(2, ((StarlarkString)g["s"]).ByteLength);
        Assert.Equal(new byte[] { 0, 255 }, ((StarlarkBytes)g["b"]).ToArray());
        Assert.Throws<InvalidOperationException>(() => list.Add(StarlarkInt.One));
        Assert.Throws<InvalidOperationException>(() => d.Set(new StarlarkString("c"), StarlarkInt.One));
        Assert.Equal("{\"b\": 1, \"a\": [1.5, True, None, (1, \"x\")]}", d.ToString());
    }

    [Fact]
    public void Values_HostConstructed_BehaveLikeScriptValues()
    {
        var dict = new StarlarkDict { ["z"] = StarlarkInt.Of(1), ["a"] = StarlarkInt.Of(2) };
        dict[new StarlarkString("z")] = StarlarkInt.Of(3);
        Assert.Equal("{\"z\": 3, \"a\": 2}", dict.ToRepr());
        Assert.True(dict.TryGetValue("a", out var a) && a.ToString() == "2");
        Assert.True(dict.Remove(new StarlarkString("a")));
        Assert.Throws<KeyNotFoundException>(() => dict["missing"]);
        Assert.Throws<InvalidOperationException>(() => dict.Set(new StarlarkList(), StarlarkNone.Instance));
        var set = new StarlarkSet(new StarlarkValue[] { StarlarkInt.Of(1), StarlarkInt.Of(1), new StarlarkString("x") });
        Assert.Equal(2, set.Count);
        Assert.True(set.Contains(new StarlarkFloat(1.0)));
        Assert.Equal("\"x\"", new StarlarkString("x").ToRepr());
        Assert.Equal("x", new StarlarkString("x").ToString());
        Assert.Equal("(1,)", StarlarkTuple.Of(StarlarkInt.One).ToRepr());
        Assert.Equal("struct(a = 1, b = \"x\")", new StarlarkStruct(new Dictionary<string, StarlarkValue> { ["b"] = new StarlarkString("x"), ["a"] = StarlarkInt.One }).ToRepr());
        Assert.Equal("NoneType", StarlarkNone.Instance.Type);
        Assert.False(StarlarkBool.False.Truth);
        Assert.Equal("bytes", new StarlarkBytes(new byte[] { 1 }).Type);
    }

    [Fact]
    public void ExecFile_Load_BindsNamesAndReportsErrors()
    {
        var thread = new StarlarkThread
        {
            LoadHandler = m => m switch
            {
                "lib.star" => new StarlarkThread().ExecFile("lib.star", "def double(x):\n  return 2 * x\nlimit = [10]\n"),
                _ => throw new InvalidOperationException("not found"),
            },
        };
        var g = thread.ExecFile("main.star", "load('lib.star', 'double', lim='limit')\nr = double(21)\n");
        Assert.Equal("42", g["r"].ToString());

        var missing = Assert.Throws<StarlarkEvalException>(() => thread.ExecFile("main.star", "load('lib.star', 'nope')\n"));
        Assert.Contains("load: name nope not found in module lib.star", missing.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<StarlarkEvalException>(() => thread.ExecFile("main.star", "load('other.star', 'x')\n"));
        Assert.Contains("cannot load other.star: not found", unknown.Message, StringComparison.Ordinal);
        var frozen = Assert.Throws<StarlarkEvalException>(() => thread.ExecFile("main.star", "load('lib.star', 'limit')\nlimit.append(1)\n"));
        Assert.Contains("cannot append to frozen list", frozen.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_FunctionFromGlobals_RunsWithBudgets()
    {
        var thread = new StarlarkThread(StarlarkOptions.KptDialect());
        var g = thread.ExecFile("t", "def add(a, b):\n  return a + b\n");
        Assert.Equal("5", thread.Call(g["add"], new StarlarkValue[] { StarlarkInt.Of(2), StarlarkInt.Of(3) }).ToString());
        var ex = Assert.Throws<StarlarkEvalException>(() => thread.Call(g["add"], new StarlarkValue[] { StarlarkInt.Of(2) }));
        Assert.Contains("function add missing 1 argument (b)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecFile_PrintWithoutHandler_IsDiscarded()
    {
        var g = new StarlarkThread().ExecFile("t", "x = print('hello')\n");
        Assert.Same(StarlarkNone.Instance, g["x"]);
    }

    private static StarlarkDict Resource(string kind, string name) => new()
    {
        ["apiVersion"] = new StarlarkString("apps/v1"),
        ["kind"] = new StarlarkString(kind),
        ["metadata"] = new StarlarkDict { ["name"] = new StarlarkString(name) },
    };

    private static StarlarkStruct KrmFn() => new(new Dictionary<string, StarlarkValue>
    {
        ["match_kind"] = new StarlarkBuiltin("match_kind", a =>
            StarlarkBool.Of(a.Positional[0] is StarlarkDict d && d.TryGetValue("kind", out var k) && k.ToString() == a.Positional[1].ToString())),
    });
}
