namespace Porch.Starlark.Tests;

/// <summary>Small helpers to execute snippets.</summary>
internal static class TestRun
{
    public static IReadOnlyDictionary<string, StarlarkValue> Exec(string source, StarlarkOptions? options = null, IReadOnlyDictionary<string, StarlarkValue>? predeclared = null) =>
        new StarlarkThread(options ?? StarlarkOptions.KptDialect()).ExecFile("test.star", source, predeclared);

    public static StarlarkSyntaxException SyntaxError(string source, StarlarkOptions? options = null) =>
        Assert.Throws<StarlarkSyntaxException>(() => Exec(source, options ?? new StarlarkOptions()));

    public static StarlarkEvalException EvalError(string source, StarlarkOptions? options = null, IReadOnlyDictionary<string, StarlarkValue>? predeclared = null) =>
        Assert.Throws<StarlarkEvalException>(() => Exec(source, options, predeclared));
}
