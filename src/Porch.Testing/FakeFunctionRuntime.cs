using System.Collections.Concurrent;
using Porch.Engine.Errors;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Testing;

/// <summary>
/// A scriptable <see cref="IFunctionRuntime"/>: each registered image runs a delegate over the ResourceList; calls are
/// recorded. Images are matched exactly, or without their tag when registered without one.
/// </summary>
public sealed class FakeFunctionRuntime : IFunctionRuntime
{
    private readonly ConcurrentDictionary<string, Func<ResourceList, ResourceList>> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _calls = new();

    /// <summary>Gets the images run so far, in order.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Registers a function.</summary>
    /// <param name="image">The image, with or without a tag.</param>
    /// <param name="function">Computes the output from the input (which it may change and return).</param>
    /// <returns>This runtime.</returns>
    public FakeFunctionRuntime Register(string image, Func<ResourceList, ResourceList> function)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        ArgumentNullException.ThrowIfNull(function);
        _functions[image] = function;
        return this;
    }

    /// <summary>Registers a function that fails with <paramref name="message"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="message">The failure message.</param>
    /// <returns>This runtime.</returns>
    public FakeFunctionRuntime RegisterFailure(string image, string message) =>
        Register(image, _ => throw new FunctionEvaluationException(message));

    /// <inheritdoc/>
    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        var image = function.Image ?? "";
        if (!_functions.TryGetValue(image, out var fn))
        {
            var colon = image.LastIndexOf(':');
            var untagged = colon > image.LastIndexOf('/') ? image[..colon] : image;
            _functions.TryGetValue(untagged, out fn);
        }

        return ValueTask.FromResult<IFunctionRunner?>(fn is null ? null : new Runner(image, fn, _calls));
    }

    private sealed class Runner(string image, Func<ResourceList, ResourceList> function, ConcurrentQueue<string> calls) : IFunctionRunner
    {
        public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            calls.Enqueue(image);
            return Task.FromResult(function(input));
        }
    }
}
