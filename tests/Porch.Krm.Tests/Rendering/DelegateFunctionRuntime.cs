using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Krm.Tests.Rendering;

/// <summary>A runtime for renderer tests: serves images by name (under the default prefix) with delegates.</summary>
internal sealed class DelegateFunctionRuntime : IFunctionRuntime
{
    private readonly Dictionary<string, Func<ResourceList, ResourceList>> _functions = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = new();

    public DelegateFunctionRuntime Add(string name, Func<ResourceList, ResourceList> function)
    {
        _functions[name] = function;
        return this;
    }

    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        if (function.Image is { } image && FunctionImage.TryGetName(image, FunctionImage.DefaultPrefix, out var name) && _functions.TryGetValue(name, out var fn))
        {
            return ValueTask.FromResult<IFunctionRunner?>(new Runner(this, name, fn));
        }

        return ValueTask.FromResult<IFunctionRunner?>(null);
    }

    /// <summary>Copies the input the way a function receives it (a runner must not change its input).</summary>
    public static ResourceList Copy(ResourceList input)
    {
        var output = new ResourceList { FunctionConfig = input.FunctionConfig?.Clone() };
        foreach (var item in input.Items)
        {
            output.Items.Add(item.Clone());
        }

        return output;
    }

    private sealed class Runner(DelegateFunctionRuntime owner, string name, Func<ResourceList, ResourceList> fn) : IFunctionRunner
    {
        public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
        {
            owner.Calls.Add(name);
            return Task.FromResult(fn(input));
        }
    }
}
