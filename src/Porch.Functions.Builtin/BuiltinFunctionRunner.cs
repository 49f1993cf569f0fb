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
    public bool ReadsItemIds => _function.ReadsItemIds;

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
        foreach (var item in _function.SortsOutput ? SdkSort(context.Items) : context.Items)
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

    /// <summary>
    /// The items ordered by the KRM functions SDK's KubeObjects.Less key, <c>"apiVersion kind namespace name"</c>
    /// compared as ordinal text; equal keys keep their order.
    /// </summary>
    internal static IReadOnlyList<KubeObject> SdkSort(IReadOnlyList<KubeObject> items)
    {
        var keys = new SdkKey[items.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var item = items[i];
            keys[i] = new SdkKey(item.ApiVersion, item.Kind, item.Namespace, item.Name, i);
        }

        Array.Sort(keys, static (a, b) => SdkKey.Compare(a, b) is var c and not 0 ? c : a.Position.CompareTo(b.Position));
        var sorted = new KubeObject[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            sorted[i] = items[keys[i].Position];
        }

        return sorted;
    }

    /// <summary>An item's sort key, its four fields compared as the text they make joined by spaces (without joining them).</summary>
    private readonly record struct SdkKey(string ApiVersion, string Kind, string Namespace, string Name, int Position)
    {
        public static int Compare(in SdkKey a, in SdkKey b)
        {
            for (var field = 0; field < 4; field++)
            {
                var x = a.Field(field);
                var y = b.Field(field);
                if (string.Equals(x, y, StringComparison.Ordinal))
                {
                    continue;
                }

                var at = x.AsSpan().CommonPrefixLength(y);
                if (at < x.Length && at < y.Length)
                {
                    return x[at] < y[at] ? -1 : 1;
                }

                // One field is a prefix of the other: the joined texts go on with a space on one side.
                return Walk(a, b, field, at);
            }

            return 0;
        }

        /// <summary>Compares the joined texts character by character from a point up to which they are equal.</summary>
        private static int Walk(in SdkKey a, in SdkKey b, int field, int at)
        {
            var (fieldA, atA, fieldB, atB) = (field, at, field, at);
            while (true)
            {
                var x = a.Next(ref fieldA, ref atA);
                var y = b.Next(ref fieldB, ref atB);
                if (x != y)
                {
                    return x < y ? -1 : 1;
                }

                if (x < 0)
                {
                    return 0;
                }
            }
        }

        private string Field(int field) => field switch { 0 => ApiVersion, 1 => Kind, 2 => Namespace, _ => Name };

        /// <summary>The next character of the joined text, or -1 at its end.</summary>
        private int Next(ref int field, ref int at)
        {
            if (field > 3)
            {
                return -1;
            }

            var text = Field(field);
            if (at < text.Length)
            {
                return text[at++];
            }

            field++;
            at = 0;
            return field > 3 ? -1 : ' ';
        }
    }
}
