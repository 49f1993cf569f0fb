using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Krm.Tests.Rendering;

/// <summary>A runtime for renderer tests: serves images by name (under the default prefix) with delegates.</summary>
internal sealed class DelegateFunctionRuntime : IFunctionRuntime
{
    private readonly Dictionary<string, Func<ResourceList, ResourceList>> _functions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inPlace = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = new();

    public DelegateFunctionRuntime Add(string name, Func<ResourceList, ResourceList> function)
    {
        _functions[name] = function;
        return this;
    }

    /// <summary>
    /// Adds a function the renderer may run in place: <paramref name="edit"/> changes the items of the list it is given
    /// and returns the output. Through <see cref="IFunctionRunner.RunAsync"/> it gets copies, as any runner's function does.
    /// </summary>
    public DelegateFunctionRuntime AddInPlace(string name, Func<ResourceList, ResourceList> edit)
    {
        _functions[name] = edit;
        _inPlace.Add(name);
        return this;
    }

    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        if (function.Image is { } image && FunctionImage.TryGetName(image, FunctionImage.DefaultPrefix, out var name) && _functions.TryGetValue(name, out var fn))
        {
            return ValueTask.FromResult<IFunctionRunner?>(_inPlace.Contains(name) ? new InPlaceRunner(this, name, fn) : new Runner(this, name, fn));
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

    private sealed class InPlaceRunner(DelegateFunctionRuntime owner, string name, Func<ResourceList, ResourceList> edit) : IInPlaceFunctionRunner
    {
        public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
        {
            owner.Calls.Add(name);
            return Task.FromResult(edit(Copy(input)));
        }

        public ResourceList RunInPlace(ResourceList input, CancellationToken cancellationToken = default)
        {
            owner.Calls.Add(name + " (in place)");
            var list = new ResourceList { FunctionConfig = input.FunctionConfig?.Clone() };
            foreach (var item in input.Items)
            {
                list.Items.Add(item);
            }

            return edit(list);
        }
    }

    /// <summary>A runtime that serves another's runners as plain runners, so the renderer never runs them in place.</summary>
    public sealed class Copying(IFunctionRuntime inner) : IFunctionRuntime
    {
        public async ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default) =>
            await inner.GetRunnerAsync(function, cancellationToken).ConfigureAwait(false) is { } runner ? new Plain(runner) : null;

        private sealed class Plain(IFunctionRunner runner) : IFunctionRunner
        {
            public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default) => runner.RunAsync(input, cancellationToken);
        }
    }
}
