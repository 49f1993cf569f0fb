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
internal sealed class BuiltinFunctionRuntime : IFunctionRuntime, IFunctionTagLister
{
    private readonly Dictionary<string, IKrmFunction> _functions;
    private readonly IList<string> _prefixes;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string[]> _knownTags;

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
        _knownTags = options.Value.KnownTags.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public string Name => "builtin";

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

    /// <summary>Lists <see cref="BuiltinFunctionOptions.KnownTags"/> of the builtin function the image names; none for other images.</summary>
    /// <param name="image">The image without tag.</param>
    /// <param name="cancellationToken">Unused: the list is in memory.</param>
    /// <returns>The known tags.</returns>
    public ValueTask<IReadOnlyList<string>> ListTagsAsync(string image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var prefix in _prefixes)
        {
            if (FunctionImage.TryGetName(image, prefix, out var name) && _functions.ContainsKey(name) && _knownTags.TryGetValue(name, out var tags))
            {
                return ValueTask.FromResult<IReadOnlyList<string>>(tags);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>([]);
    }
}
