using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>What a builtin function works on: copies of the items and the config, and the results it reports.</summary>
internal sealed class KrmFunctionContext
{
    public KrmFunctionContext(List<KubeObject> items, KubeObject? functionConfig, CancellationToken cancellationToken)
    {
        Items = items;
        FunctionConfig = functionConfig;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the items; the function may change, add and remove them.</summary>
    public List<KubeObject> Items { get; }

    /// <summary>Gets the functionConfig, or null when the step has none.</summary>
    public KubeObject? FunctionConfig { get; }

    /// <summary>Gets the results reported so far.</summary>
    public List<KrmResult> Results { get; } = new();

    /// <summary>Gets or sets the text the catalog function would write to stderr when it fails; null for the SDK's default.</summary>
    public string? Stderr { get; set; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Whether the functionConfig is missing or empty (no kind and no name), as the SDK's <c>IsEmpty</c> sees it.</summary>
    public bool ConfigIsEmpty => FunctionConfig is null || (FunctionConfig.Kind.Length == 0 && FunctionConfig.Name.Length == 0);

    public KrmResult Add(string message, string? severity)
    {
        var result = new KrmResult { Message = message, Severity = severity };
        Results.Add(result);
        return result;
    }
}
