namespace Porch.Starlark.Runtime;

/// <summary>The builtin methods of each core type, looked up by name.</summary>
internal static class MethodTable
{
    public static BuiltinImpl? Lookup(StarlarkValue receiver, string name)
    {
        var table = TableFor(receiver);
        return table is not null && table.TryGetValue(name, out var impl) ? impl : null;
    }

    public static IEnumerable<string> Names(StarlarkValue receiver) => TableFor(receiver)?.Keys ?? Enumerable.Empty<string>();

    private static Dictionary<string, BuiltinImpl>? TableFor(StarlarkValue receiver) => receiver switch
    {
        StarlarkString => StringMethods.Table,
        StarlarkList => ListMethods.Table,
        StarlarkDict => DictMethods.Table,
        StarlarkSet => SetMethods.Table,
        StarlarkBytes => BytesMethods.Table,
        _ => null,
    };
}
