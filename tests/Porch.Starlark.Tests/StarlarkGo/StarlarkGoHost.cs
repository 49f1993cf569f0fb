using System.Text.RegularExpressions;

namespace Porch.Starlark.Tests.StarlarkGo;

/// <summary>
/// The host side of go.starlark.net's <c>TestExecFile</c> (<c>starlark/eval_test.go</c>) and of
/// <c>starlarktest.LoadAssertModule</c> (<c>starlarktest/starlarktest.go</c>): the builtins <c>assert.star</c> is
/// executed with, the load handler and the predeclared values of each chunk.
/// </summary>
internal sealed class StarlarkGoHost
{
    private readonly string _dataDir;
    private readonly string _file;
    private readonly List<string> _reported = new();

    public StarlarkGoHost(string dataDir, string file)
    {
        _dataDir = dataDir;
        _file = file;
    }

    /// <summary>Gets the failures reported through <c>error(msg)</c> (assert.star's <c>assert.fail</c>, <c>assert.eq</c>, ...).</summary>
    public IReadOnlyList<string> Reported => _reported;

    /// <summary>
    /// eval_test.go's <c>getOptions</c>: a chunk switches an option on by containing <c>option:name</c>. Our
    /// <see cref="StarlarkOptions.AllowRecursion"/> also allows <c>while</c> (go.starlark.net's separate <c>While</c>);
    /// <c>loadbindsglobally</c> and <c>toplevelcontrol</c> have no counterpart (kpt's starlark function sets neither).
    /// </summary>
    public static StarlarkOptions OptionsFor(string chunk)
    {
        bool On(string name) => chunk.Contains("option:" + name, StringComparison.Ordinal);
        return new StarlarkOptions
        {
            AllowSet = On("set"),
            AllowRecursion = On("recursion") || On("while"),
            AllowGlobalReassign = On("globalreassign"),
        };
    }

    /// <summary>The predeclared values of each chunk: <c>hasfields</c>, <c>fibonacci</c> and <c>struct</c> (starlarkstruct.Make).</summary>
    public static Dictionary<string, StarlarkValue> Predeclared() => new()
    {
        ["hasfields"] = new StarlarkBuiltin("hasfields", a =>
        {
            if (a.Positional.Count + a.Named.Count > 0)
            {
                throw new InvalidOperationException("unexpected arguments");
            }

            return new HasFields();
        }),
        ["fibonacci"] = new Fibonacci(),
        ["struct"] = new StarlarkBuiltin("struct", a =>
        {
            if (a.Positional.Count > 0)
            {
                throw new InvalidOperationException("unexpected positional arguments");
            }

            return new StarlarkStruct(a.Named);
        }),
    };

    /// <summary>eval_test.go's <c>load</c>: assert.star with its host builtins, json.star (go.starlark.net's json module).</summary>
    public IReadOnlyDictionary<string, StarlarkValue> Load(string module) => module switch
    {
        "assert.star" => new StarlarkThread().ExecFile("assert.star", File.ReadAllText(Path.Combine(_dataDir, "assert.star")), AssertBuiltins()),
        "json.star" => new Dictionary<string, StarlarkValue> { ["json"] = StarlarkLibrary.CreateJsonModule() },
        _ => throw new InvalidOperationException("no such module: " + module),
    };

    private Dictionary<string, StarlarkValue> AssertBuiltins() => new()
    {
        ["error"] = new StarlarkBuiltin("error", a =>
        {
            if (a.Positional.Count != 1)
            {
                throw new InvalidOperationException("got " + a.Positional.Count + " arguments, want 1");
            }

            var msg = a.Positional[0] is StarlarkString s ? s.Value : a.Positional[0].ToRepr();
            _reported.Add(Where(a.Thread) + "Error: " + msg);
            return StarlarkNone.Instance;
        }),
        ["catch"] = new StarlarkBuiltin("catch", a =>
        {
            if (a.Positional.Count != 1 || a.Named.Count != 0)
            {
                throw new InvalidOperationException("want 1 positional argument (fn)");
            }

            try
            {
                a.Thread.Call(a.Positional[0], Array.Empty<StarlarkValue>());
                return StarlarkNone.Instance;
            }
            catch (StarlarkEvalException e)
            {
                return new StarlarkString(e.ErrorMessage);
            }
        }),
        ["matches"] = new StarlarkBuiltin("matches", a =>
        {
            if (a.Positional.Count != 2 || a.Positional[0] is not StarlarkString pattern || a.Positional[1] is not StarlarkString str)
            {
                throw new InvalidOperationException("want (pattern string, str string)");
            }

            return StarlarkBool.Of(Regex.IsMatch(str.Value, pattern.Value, RegexOptions.CultureInvariant));
        }),
        ["module"] = new StarlarkBuiltin("module", a =>
        {
            if (a.Positional.Count != 1 || a.Positional[0] is not StarlarkString name)
            {
                throw new InvalidOperationException("want 1 positional argument (name string)");
            }

            return new StarlarkModule(name.Value, a.Named);
        }),
        ["_freeze"] = new StarlarkBuiltin("freeze", a =>
        {
            if (a.Named.Count > 0)
            {
                throw new InvalidOperationException("freeze does not accept keyword arguments");
            }

            if (a.Positional.Count != 1)
            {
                throw new InvalidOperationException("freeze got " + a.Positional.Count + " arguments, wants 1");
            }

            a.Positional[0].Freeze();
            return a.Positional[0];
        }),
        ["_floateq"] = new StarlarkBuiltin("floateq", a =>
        {
            if (a.Positional.Count != 2 || a.Positional[0] is not StarlarkFloat x || a.Positional[1] is not StarlarkFloat y)
            {
                throw new InvalidOperationException("want 2 floats");
            }

            return StarlarkBool.Of(FloatEq(x.Value, y.Value));
        }),
    };

    private static bool FloatEq(double x, double y)
    {
        if (x == y)
        {
            return true;
        }

        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.IsNaN(x) && double.IsNaN(y);
        }

        var bx = BitConverter.DoubleToUInt64Bits(x);
        var by = BitConverter.DoubleToUInt64Bits(y);
        return bx == by + 1 || by == bx + 1;
    }

    private string Where(StarlarkThread thread)
    {
        for (var f = thread.CurrentFrame; f is not null; f = f.Parent)
        {
            if (f.Module.File == _file)
            {
                return _file + ":" + f.Pos.Line + ": ";
            }
        }

        return "";
    }
}
