using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>A function defined in Starlark by <c>def</c> or <c>lambda</c> (type <c>function</c>).</summary>
internal sealed class StarlarkFunction : StarlarkValue
{
    private StarlarkFunction(FunctionDef def, ModuleState module, StarlarkValue?[] defaults, Cell[] free)
    {
        Def = def;
        Module = module;
        Defaults = defaults;
        Free = free;
    }

    public FunctionDef Def { get; }

    public ModuleState Module { get; }

    public StarlarkValue?[] Defaults { get; }

    public Cell[] Free { get; }

    public override string Type => "function";

    public static StarlarkFunction Create(FunctionDef def, Frame fr)
    {
        var defaults = new StarlarkValue?[def.NumParams];
        for (var i = 0; i < def.DefaultExprs.Length; i++)
        {
            defaults[i] = def.DefaultExprs[i]?.Eval(fr);
        }

        var free = def.FreeVars.Length == 0 ? Array.Empty<Cell>() : new Cell[def.FreeVars.Length];
        for (var i = 0; i < free.Length; i++)
        {
            var (fromLocal, index) = def.FreeVars[i];
            free[i] = fromLocal ? (Cell)fr.Locals[index]! : fr.Free[index];
        }

        fr.Thread.Charge(64);
        return new StarlarkFunction(def, fr.Module, defaults, free);
    }

    public StarlarkValue Call(StarlarkThread thread, StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs)
    {
        var locals = new StarlarkValue?[Def.NumLocals];
        BindArguments(locals, args, kwargs);
        return Invoke(thread, locals);
    }

    /// <summary>Calls with <paramref name="count"/> positional arguments already in the first local slots.</summary>
    public StarlarkValue InvokePositional(StarlarkThread thread, StarlarkValue?[] locals, int count)
    {
        var def = Def;
        if (count < def.NumParams || def.HasVarargs || def.HasKwargs)
        {
            if (def.HasVarargs)
            {
                locals[def.NumParams] = StarlarkTuple.Empty;
            }

            if (def.HasKwargs)
            {
                locals[def.NumParams + (def.HasVarargs ? 1 : 0)] = new StarlarkDict();
            }

            FillDefaults(locals);
        }

        return Invoke(thread, locals);
    }

    internal override int HashValue() => RuntimeHelpers.GetHashCode(this);

    internal override void WriteRepr(ReprBuilder builder) => builder.Append("<function " + Def.Name + ">");

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        foreach (var d in Defaults)
        {
            if (d is not null)
            {
                pending.Push(d);
            }
        }

        foreach (var c in Free)
        {
            pending.Push(c);
        }
    }

    private StarlarkValue Invoke(StarlarkThread thread, StarlarkValue?[] locals)
    {
        thread.EnterCall(this);
        var fr = new Frame(thread, thread.CurrentFrame, Module, locals, Free, Def);
        foreach (var slot in Def.CellSlots)
        {
            locals[slot] = new Cell(locals[slot]);
        }

        thread.CurrentFrame = fr;
        try
        {
            if (Def.LambdaBody is { } body)
            {
                try
                {
                    return body.Eval(fr);
                }
                catch (StarlarkError e) when (e.Stamp(body.Pos, fr))
                {
                    throw;
                }
            }

            Stmt.ExecBlock(Def.Body, fr);
            return fr.Result ?? StarlarkNone.Instance;
        }
        finally
        {
            thread.CurrentFrame = fr.Parent;
            thread.LeaveCall();
        }
    }

    private void BindArguments(StarlarkValue?[] locals, StarlarkValue[] args, KeyValuePair<string, StarlarkValue>[] kwargs)
    {
        var def = Def;
        var np = def.NumPositional;
        var n = args.Length;
        if (n > np)
        {
            if (!def.HasVarargs)
            {
                throw TooManyPositional(n);
            }

            var extra = new StarlarkValue[n - np];
            Array.Copy(args, np, extra, 0, extra.Length);
            locals[def.NumParams] = StarlarkTuple.Wrap(extra);
            n = np;
        }
        else if (def.HasVarargs)
        {
            locals[def.NumParams] = StarlarkTuple.Empty;
        }

        Array.Copy(args, locals, n);

        StarlarkDict? kwdict = null;
        if (def.HasKwargs)
        {
            kwdict = new StarlarkDict();
            locals[def.NumParams + (def.HasVarargs ? 1 : 0)] = kwdict;
        }

        foreach (var (name, value) in kwargs)
        {
            var idx = Array.IndexOf(def.ParamNames, name);
            if (idx < 0)
            {
                if (kwdict is null)
                {
                    throw new StarlarkError("function " + def.Name + " got an unexpected keyword argument \"" + name + "\"" + Suggest(name));
                }

                var key = new StarlarkString(name);
                if (kwdict.Table.Contains(key))
                {
                    throw new StarlarkError("function " + def.Name + " got multiple values for parameter \"" + name + "\"");
                }

                kwdict.Table.InsertUnchecked(key, value);
                continue;
            }

            if (locals[idx] is not null)
            {
                throw new StarlarkError("function " + def.Name + " got multiple values for parameter \"" + name + "\"");
            }

            locals[idx] = value;
        }

        FillDefaults(locals);
    }

    private void FillDefaults(StarlarkValue?[] locals)
    {
        List<string>? missing = null;
        for (var i = 0; i < Def.NumParams; i++)
        {
            if (locals[i] is null)
            {
                var d = Defaults[i];
                if (d is null)
                {
                    (missing ??= new List<string>()).Add(Def.ParamNames[i]);
                }
                else
                {
                    locals[i] = d;
                }
            }
        }

        if (missing is not null)
        {
            throw new StarlarkError("function " + Def.Name + " missing " + missing.Count.ToString(CultureInfo.InvariantCulture) +
                (missing.Count == 1 ? " argument (" : " arguments (") + string.Join(", ", missing) + ")");
        }
    }

    private StarlarkError TooManyPositional(int given)
    {
        var np = Def.NumPositional;
        var g = given.ToString(CultureInfo.InvariantCulture);
        if (np == 0)
        {
            return new StarlarkError("function " + Def.Name + " accepts no arguments (" + g + " given)");
        }

        var sb = new StringBuilder("function ").Append(Def.Name).Append(" accepts ");
        var hasOptional = false;
        for (var i = 0; i < np; i++)
        {
            hasOptional |= Defaults[i] is not null;
        }

        if (hasOptional)
        {
            sb.Append("at most ");
        }

        sb.Append(np.ToString(CultureInfo.InvariantCulture)).Append(np == 1 ? " positional argument (" : " positional arguments (").Append(g).Append(" given)");
        return new StarlarkError(sb.ToString());
    }

    private string Suggest(string name)
    {
        var s = Spelling.Nearest(name, Def.ParamNames);
        return s is null ? string.Empty : " (did you mean " + s + "?)";
    }
}
