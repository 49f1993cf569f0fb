using Microsoft.Extensions.Logging;
using Porch.Krm.Functions;
using Porch.Krm;
using Porch.Functions.Builtin.Diagnostics;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin;

/// <summary>
/// Runs one builtin function the way the function SDK runs a catalog binary: on copies of the input (or, asked by the
/// renderer, on the input's own items), always with its results; a failure (the function returns false, reports an
/// error, or throws) becomes a <see cref="FunctionEvaluationException"/> carrying the results and the stderr the
/// catalog binary writes.
/// </summary>
internal sealed class BuiltinFunctionRunner : IInPlaceFunctionRunner
{
    /// <summary>The SDK's error when a function reports failure.</summary>
    public const string FunctionFailure = "error: function failure";

    private readonly IKrmFunction _function;
    private readonly string _image;
    private readonly ILogger _logger;

    public BuiltinFunctionRunner(IKrmFunction function, string image, ILogger logger)
    {
        _function = function;
        _image = image;
        _logger = logger;
    }

    /// <inheritdoc/>
    public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        var items = new List<KubeObject>(input.Items.Count);
        foreach (var item in input.Items)
        {
            items.Add(item.Clone());
        }

        return Task.FromResult(Run(input, items, cancellationToken));
    }

    /// <inheritdoc/>
    public ResourceList RunInPlace(ResourceList input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        return Run(input, new List<KubeObject>(input.Items), cancellationToken);
    }

    private ResourceList Run(ResourceList input, List<KubeObject> items, CancellationToken cancellationToken)
    {
        var context = new KrmFunctionContext(items, input.FunctionConfig?.Clone(), cancellationToken);
        bool succeeded;
        try
        {
            succeeded = _function.Run(context);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (KrmFunctionException ex)
        {
            context.Add(ex.Message, "error");
            succeeded = false;
        }
        catch (Exception ex)
        {
            // Never let a function bring the host down: report what it threw, as the SDK reports a Go panic.
            _logger.BuiltinFunctionThrew(_function.Name, ex);
            context.Add("KRM function panicked with: " + ex.Message, "error");
            succeeded = false;
        }

        if (!succeeded)
        {
            _logger.BuiltinFunctionFailed(_function.Name, context.Results.Count);
            var record = new FunctionResult
            {
                Image = _image,
                Stderr = context.Stderr ?? "failed to evaluate function: " + FunctionFailure,
                ExitCode = 1,
                Results = context.Results.Select(r => r.ToResultItem()).ToList(),
            };
            throw new FunctionEvaluationException(FunctionFailure, new FunctionResultList { Items = [record], ExitCode = 1 });
        }

        var output = new ResourceList { FunctionConfig = input.FunctionConfig, Stderr = context.Stderr };

        // The SDK's sort.Sort is not stable; ours is, which agrees with it wherever Go's sort keeps equal keys in order
        // (lists of up to 12 items, where it sorts by insertion).
        foreach (var item in _function.SortsOutput ? context.Items.OrderBy(SdkSortKey, StringComparer.Ordinal) : (IEnumerable<KubeObject>)context.Items)
        {
            output.Items.Add(item);
        }

        foreach (var result in context.Results)
        {
            output.Results.Add(result);
        }

        _logger.BuiltinFunctionCompleted(_function.Name, output.Items.Count, context.Results.Count);
        return output;
    }

    /// <summary>The KRM functions SDK's KubeObjects.Less key: <c>"apiVersion kind namespace name"</c>.</summary>
    private static string SdkSortKey(KubeObject item) => item.ApiVersion + " " + item.Kind + " " + item.Namespace + " " + item.Name;
}
