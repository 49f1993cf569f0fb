using Porch.Starlark.Syntax;

namespace Porch.Starlark.Runtime;

/// <summary>The activation of a Starlark function (or of module top-level code).</summary>
internal sealed class Frame
{
    public readonly StarlarkThread Thread;
    public readonly Frame? Parent;
    public readonly ModuleState Module;
    public readonly StarlarkValue?[] Locals;
    public readonly Cell[] Free;
    public readonly FunctionDef? Def;
    public Pos Pos;
    public StarlarkValue? Result;

    public Frame(StarlarkThread thread, Frame? parent, ModuleState module, StarlarkValue?[] locals, Cell[] free, FunctionDef? def)
    {
        Thread = thread;
        Parent = parent;
        Module = module;
        Locals = locals;
        Free = free;
        Def = def;
    }

    public string Name => Def?.Name ?? "<toplevel>";

    public List<StarlarkCallFrame> Backtrace(Pos pos)
    {
        var list = new List<StarlarkCallFrame> { new(Name, new StarlarkPosition(Module.File, pos.Line, pos.Col)) };
        for (var f = Parent; f is not null; f = f.Parent)
        {
            list.Add(new StarlarkCallFrame(f.Name, new StarlarkPosition(f.Module.File, f.Pos.Line, f.Pos.Col)));
        }

        list.Reverse();
        return list;
    }
}
