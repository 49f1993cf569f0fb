namespace Porch.Starlark.Runtime;

/// <summary>Calls of Starlark functions and builtins.</summary>
internal static class Calls
{
    public static StarlarkValue Call(StarlarkThread thread, StarlarkValue fn, StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs) =>
        fn switch
        {
            StarlarkFunction f => f.Call(thread, args, kwargs),
            StarlarkBuiltin b => CallBuiltin(thread, b.Name, b.Impl, b.Receiver, args, kwargs),
            _ => throw new StarlarkError("invalid call of non-function (" + fn.Type + ")"),
        };

    public static StarlarkValue CallBuiltin(StarlarkThread thread, string name, BuiltinImpl impl, StarlarkValue? receiver, StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs)
    {
        try
        {
            return impl(thread, receiver, args, kwargs);
        }
        catch (StarlarkError e) when (Prefix(e, name))
        {
            throw;
        }
        catch (StarlarkEvalException ex)
        {
            throw StarlarkError.FromPublic(ex);
        }
        catch (Exception ex) when (ex is not StarlarkError and not OutOfMemoryException)
        {
            throw new StarlarkError(name + ": " + ex.Message, StarlarkErrorKind.Error, ex) { BuiltinName = name };
        }
    }

    private static bool Prefix(StarlarkError e, string name)
    {
        if (!e.Positioned && e.BuiltinName is null && e.Kind is StarlarkErrorKind.Error or StarlarkErrorKind.Fail)
        {
            e.Text = name + ": " + e.Text;
            e.BuiltinName = name;
        }

        return false;
    }
}
