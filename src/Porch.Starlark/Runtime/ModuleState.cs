namespace Porch.Starlark.Runtime;

/// <summary>The global variables of one executing module.</summary>
internal sealed class ModuleState
{
    public ModuleState(string file, string[] names)
    {
        File = file;
        Names = names;
        Globals = new StarlarkValue?[names.Length];
    }

    public string File { get; }

    public string[] Names { get; }

    public StarlarkValue?[] Globals { get; }
}
