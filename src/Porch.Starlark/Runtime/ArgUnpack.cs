using System.Globalization;

namespace Porch.Starlark.Runtime;

/// <summary>Argument checking helpers for builtins (messages as go.starlark.net's UnpackArgs).</summary>
internal static class ArgUnpack
{
    public static void NoKwargs(KeyValuePair<string, StarlarkValue>[] kwargs)
    {
        if (kwargs.Length > 0)
        {
            throw new StarlarkError("unexpected keyword arguments");
        }
    }

    public static void Positional(StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs, int min, int max)
    {
        NoKwargs(kwargs);
        Count(args.Length, min, max);
    }

    public static void Count(int n, int min, int max)
    {
        if (n >= min && n <= max)
        {
            return;
        }

        var g = n.ToString(CultureInfo.InvariantCulture);
        if (min == max)
        {
            throw new StarlarkError("got " + g + " arguments, want " + min.ToString(CultureInfo.InvariantCulture));
        }

        if (n < min)
        {
            throw new StarlarkError("got " + g + " arguments, want at least " + min.ToString(CultureInfo.InvariantCulture));
        }

        throw new StarlarkError("got " + g + " arguments, want at most " + max.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Binds positional and keyword arguments to named parameters; the first <paramref name="required"/> are mandatory.</summary>
    public static StarlarkValue?[] Unpack(StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs, int required, params string[] names)
    {
        if (args.Length > names.Length)
        {
            throw new StarlarkError("got " + args.Length.ToString(CultureInfo.InvariantCulture) + " arguments, want at most " + names.Length.ToString(CultureInfo.InvariantCulture));
        }

        var result = new StarlarkValue?[names.Length];
        Array.Copy(args, result, args.Length);
        foreach (var (k, v) in kwargs)
        {
            var i = Array.IndexOf(names, k);
            if (i < 0)
            {
                throw UnexpectedKeyword(k, names);
            }

            if (result[i] is not null)
            {
                throw new StarlarkError("got multiple values for parameter " + k);
            }

            result[i] = v;
        }

        for (var i = 0; i < required; i++)
        {
            if (result[i] is null)
            {
                throw new StarlarkError("missing argument for " + names[i]);
            }
        }

        return result;
    }

    /// <summary>UnpackArgs' "unexpected keyword argument" with go.starlark.net's spelling suggestion.</summary>
    public static StarlarkError UnexpectedKeyword(string name, params string[] names)
    {
        var nearest = Spelling.Nearest(name, names);
        return new StarlarkError("unexpected keyword argument " + name + (nearest is null ? string.Empty : " (did you mean " + nearest + "?)"));
    }

    public static string Str(StarlarkValue v, string what) =>
        v is StarlarkString s ? s.Raw : throw new StarlarkError("for parameter " + what + ": got " + v.Type + ", want string");

    public static long Int(StarlarkValue v, string what)
    {
        if (v is not StarlarkInt i)
        {
            throw new StarlarkError("for parameter " + what + ": got " + v.Type + ", want int");
        }

        return i.IsBig ? (i.Sign < 0 ? int.MinValue : int.MaxValue) : i.Small;
    }

    public static IEnumerable<StarlarkValue> Iterable(StarlarkValue v, string what) =>
        Ops.Iterate(v) ?? throw new StarlarkError("for parameter " + what + ": got " + v.Type + ", want iterable");

    public static bool Bool(StarlarkValue v, string what) =>
        v is StarlarkBool b ? b.Value : throw new StarlarkError("for parameter " + what + ": got " + v.Type + ", want bool");

    /// <summary>Converts optional start/end operands to clamped indices in [0, n].</summary>
    public static (int Start, int End) Range(StarlarkValue? start, StarlarkValue? end, int n)
    {
        var s = Clamp(start, 0, n, "start");
        var e = Clamp(end, n, n, "end");
        return (s, e);
    }

    private static int Clamp(StarlarkValue? v, int dflt, int n, string what)
    {
        if (v is null || v is StarlarkNone)
        {
            return dflt;
        }

        var i = Int(v, what);
        if (i < 0)
        {
            i += n;
        }

        return (int)Math.Clamp(i, 0, n);
    }
}
