using Porch.Krm.Functions;
using Porch.Krm;

namespace Porch.Functions.Builtin.Tests.Conformance;

/// <summary>
/// The two kpt e2e helper images the render cases use (they are test fixtures, not catalog functions):
/// <c>no-op</c> returns its input, <c>drop-comments</c> returns it with every comment removed (the case then checks that
/// render restores them).
/// </summary>
internal sealed class TestHelperFunctionRuntime : IFunctionRuntime
{
    public ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default)
    {
        IFunctionRunner? runner = null;
        if (function.Image is { } image && FunctionImage.TryGetName(image, FunctionImage.DefaultPrefix, out var name))
        {
            runner = name switch
            {
                "no-op" => new Runner(dropComments: false),
                "drop-comments" => new Runner(dropComments: true),
                _ => null,
            };
        }

        return ValueTask.FromResult(runner);
    }

    private sealed class Runner(bool dropComments) : IFunctionRunner
    {
        public Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default)
        {
            var output = new ResourceList { FunctionConfig = input.FunctionConfig };
            foreach (var item in input.Items)
            {
                var copy = item.Clone();
                if (dropComments)
                {
                    copy.Document.HeadComment = null;
                    copy.Document.FootComment = null;
                    Strip(copy.Root);
                }

                output.Items.Add(copy);
            }

            return Task.FromResult(output);
        }

        private static void Strip(YamlNode node)
        {
            node.HeadComment = null;
            node.LineComment = null;
            node.FootComment = null;
            foreach (var child in node.Children)
            {
                Strip(child);
            }
        }
    }
}
