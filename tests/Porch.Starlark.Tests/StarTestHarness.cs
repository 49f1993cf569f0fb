using System.Text.RegularExpressions;
using Porch.Starlark.Runtime;

namespace Porch.Starlark.Tests;

/// <summary>
/// Runs a data-driven <c>.star</c> test file. The file gets a predeclared <c>assert</c> struct
/// (eq, ne, true, lt, contains, fails) and <c>freeze</c>; each call is one assertion, and failures are
/// collected with their positions rather than aborting the file. A first-line comment
/// <c># options: set recursion globalreassign</c> selects dialect options (all on by default).
/// </summary>
internal sealed class StarTestHarness
{
    private readonly List<string> _failures = new();

    public int Assertions { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public List<string> Printed { get; } = new();

    public static StarlarkOptions OptionsFor(string source)
    {
        var first = source.Split('\n')[0];
        if (!first.StartsWith("# options:", StringComparison.Ordinal))
        {
            return StarlarkOptions.KptDialect();
        }

        var words = first["# options:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new StarlarkOptions
        {
            AllowSet = words.Contains("set"),
            AllowRecursion = words.Contains("recursion"),
            AllowGlobalReassign = words.Contains("globalreassign"),
        };
    }

    public void Run(string name, string source)
    {
        var thread = new StarlarkThread(OptionsFor(source)) { PrintHandler = Printed.Add };
        var predeclared = new Dictionary<string, StarlarkValue>
        {
            ["assert"] = new StarlarkStruct(new Dictionary<string, StarlarkValue>
            {
                ["eq"] = Builtin("eq", 2, a => Check(thread, Runtime.Ops.Equal(a[0], a[1]), () => a[0].ToRepr() + " != " + a[1].ToRepr())),
                ["ne"] = Builtin("ne", 2, a => Check(thread, !Runtime.Ops.Equal(a[0], a[1]), () => a[0].ToRepr() + " == " + a[1].ToRepr())),
                ["true"] = Builtin("true", 1, a => Check(thread, a[0].Truth, () => "not true: " + a[0].ToRepr())),
                ["lt"] = Builtin("lt", 2, a => Check(thread, Runtime.Ops.Compare(Syntax.TokenKind.Lt, a[0], a[1]), () => a[0].ToRepr() + " is not less than " + a[1].ToRepr())),
                ["contains"] = Builtin("contains", 2, a => Check(thread, Runtime.Ops.Contains(a[0], a[1]), () => a[0].ToRepr() + " does not contain " + a[1].ToRepr())),
                ["fails"] = Builtin("fails", 2, a => Fails(thread, a[0], ((StarlarkString)a[1]).Value)),
            }),
            ["freeze"] = Builtin("freeze", 1, a =>
            {
                a[0].Freeze();
                return StarlarkNone.Instance;
            }),
        };

        try
        {
            thread.ExecFile(name, source, predeclared);
        }
        catch (StarlarkException e)
        {
            _failures.Add("uncaught: " + (e is StarlarkEvalException ee ? ee.Backtrace() : e.Message));
        }
    }

    private static StarlarkBuiltin Builtin(string name, int arity, Func<IReadOnlyList<StarlarkValue>, StarlarkValue> f) =>
        new(name, args =>
        {
            if (args.Positional.Count != arity)
            {
                throw new ArgumentException("want " + arity + " arguments");
            }

            return f(args.Positional);
        });

    private string Where(StarlarkThread thread)
    {
        var fr = thread.CurrentFrame;
        return fr is null ? "?" : fr.Module.File + ":" + fr.Pos.Line;
    }

    private StarlarkValue Check(StarlarkThread thread, bool ok, Func<string> message)
    {
        Assertions++;
        if (!ok)
        {
            _failures.Add(Where(thread) + ": " + message());
        }

        return StarlarkNone.Instance;
    }

    private StarlarkValue Fails(StarlarkThread thread, StarlarkValue fn, string pattern)
    {
        Assertions++;
        var where = Where(thread);
        try
        {
            Calls.Call(thread, fn, Array.Empty<StarlarkValue>(), Array.Empty<KeyValuePair<string, StarlarkValue>>());
            _failures.Add(where + ": evaluation succeeded unexpectedly (want error matching " + pattern + ")");
        }
        catch (StarlarkError e)
        {
            if (!Regex.IsMatch(e.Text, pattern))
            {
                _failures.Add(where + ": regular expression (" + pattern + ") did not match error (" + e.Text + ")");
            }
        }

        return StarlarkNone.Instance;
    }
}
