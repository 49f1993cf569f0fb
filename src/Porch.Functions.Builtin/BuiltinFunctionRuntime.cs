using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Builtin.Diagnostics;
using Porch.Functions.Builtin.Functions;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin;

/// <summary>
/// Serves the catalog functions in process: an image under one of <see cref="BuiltinFunctionOptions.ImagePrefixes"/>
/// whose name is a builtin function gets a runner; every other image is left to the next runtime.
/// </summary>
internal sealed class BuiltinFunctionRuntime : IFunctionRuntime
{
    private readonly Dictionary<string, IKrmFunction> _functions;
    private readonly IList<string> _prefixes;
    private readonly ILogger _logger;

    public BuiltinFunctionRuntime(IOptions<BuiltinFunctionOptions> options, ILogger<BuiltinFunctionRuntime>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _prefixes = options.Value.ImagePrefixes.ToArray();
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        IKrmFunction[] functions =
        [
            new SetNamespaceFunction(),
            new ApplyReplacementsFunction(),
            new SetLabelsFunction(),
            new SetAnnotationsFunction(),
            new ApplySettersFunction(),
            new SearchReplaceFunction(),
            new EnsureNameSubstringFunction(),
            new StarlarkFunction(options.Value.StarlarkMaxSteps, options.Value.StarlarkMaxAllocations, _logger),
        ];
        _functions = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the names of the functions this runtime serves.</summary>
    public IReadOnlyCollection<string> FunctionNames => _functions.Keys;

    /// <inheritdoc/>
    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.Image is not { Length: > 0 } image)
        {
            return ValueTask.FromResult<IFunctionRunner?>(null);
        }

        foreach (var prefix in _prefixes)
        {
            if (FunctionImage.TryGetName(image, prefix, out var name) && _functions.TryGetValue(name, out var fn))
            {
                _logger.BuiltinFunctionResolved(image, fn.Name);
                return ValueTask.FromResult<IFunctionRunner?>(new BuiltinFunctionRunner(fn, image, _logger));
            }
        }

        return ValueTask.FromResult<IFunctionRunner?>(null);
    }
}
