using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Functions.Grpc.Tests.Infrastructure;

/// <summary>
/// Functions the test host serves under <c>example.com/test/</c>: behaviours the builtin catalog does not have
/// (annotate, report, fail with results, grow the output, sleep, throw).
/// </summary>
internal sealed class TestFunctionRuntime : IFunctionRuntime
{
    public const string Prefix = "example.com/test/";
    public const string Annotate = Prefix + "annotate:v1";
    public const string Report = Prefix + "report:v1";
    public const string FailWithResults = Prefix + "fail:v1";
    public const string Grow = Prefix + "grow:v1";
    public const string Sleep = Prefix + "sleep:v1";
    public const string Throw = Prefix + "throw:v1";
    public const string NoOp = Prefix + "noop:v1";
    public const string BrokenLookup = Prefix + "broken-lookup:v1";

    private readonly TaskCompletionSource _firstCancellation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cancelled;

    /// <summary>How many sleeping calls saw their cancellation token fire (the server-side deadline).</summary>
    public int CancelledCalls => Volatile.Read(ref _cancelled);

    /// <summary>Completes when a sleeping call first sees its cancellation token fire.</summary>
    public Task FirstCancellation => _firstCancellation.Task;

    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        if (function.Image == BrokenLookup)
        {
            throw new InvalidOperationException("the function registry is down");
        }

        IFunctionRunner? runner = function.Image switch
        {
            Annotate => new Runner(Run(list =>
            {
                foreach (var item in list.Items)
                {
                    item.SetAnnotation("example.com/touched-by", "grpc");
                }
            })),
            Report => new Runner(Run(list => list.Results.Add(new KrmResult { Message = "looked at " + list.Items.Count + " item(s)", Severity = "info" }))),
            NoOp => new Runner(Run(_ => { })),
            FailWithResults => new Runner((_, _) => throw new FunctionEvaluationException("error: function failure", new FunctionResultList
            {
                ExitCode = 1,
                Items =
                [
                    new FunctionResult
                    {
                        Image = FailWithResults, ExitCode = 1, Stderr = "something went wrong",
                        Results =
                        [
                            new ResultItem
                            {
                                Message = "replicas must be positive", Severity = "error",
                                ResourceRef = new ResourceIdentifier { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Namespace = "prod" },
                                Field = new ResultField { Path = "spec.replicas" },
                            },
                        ],
                    },
                ],
            })),
            Grow => new Runner(Run(list =>
            {
                var size = int.Parse(list.FunctionConfig!.GetString("data", "size")!, System.Globalization.CultureInfo.InvariantCulture);
                list.Items.Add(Resources.ConfigMap("grown", new string('g', size)));
            })),
            Sleep => new Runner(async (list, ct) =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ct);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancelled);
                    _firstCancellation.TrySetResult();
                    throw;
                }

                return list;
            }),
            Throw => new Runner((_, _) => throw new InvalidOperationException("the test function threw")),
            _ => null,
        };
        return ValueTask.FromResult(runner);
    }

    private static Func<ResourceList, CancellationToken, Task<ResourceList>> Run(Action<ResourceList> change) => (input, _) =>
    {
        var output = new ResourceList { FunctionConfig = input.FunctionConfig };
        foreach (var item in input.Items)
        {
            output.Items.Add(item);
        }

        change(output);
        return Task.FromResult(output);
    };

    private sealed class Runner(Func<ResourceList, CancellationToken, Task<ResourceList>> run) : IFunctionRunner
    {
        public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default) => run(input, cancellationToken);
    }
}
