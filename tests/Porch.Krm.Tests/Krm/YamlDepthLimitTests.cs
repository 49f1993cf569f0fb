using System.Text;
using Porch.Krm;
using Porch.Krm.Merge;
using Porch.Krm.Rendering;

namespace Porch.Krm.Tests.Krm;

/// <summary>
/// One depth limit (<see cref="KrmLimits.MaxDepth"/>) for every recursive structure the reader and the walkers handle:
/// past it the reader refuses with go-yaml's text, up to it every walker copes on a small stack.
/// </summary>
public sealed class YamlDepthLimitTests
{
    /// <summary>Two thirds of a thread-pool thread's 1.5 MB, so a walker that passes here leaves 0.5 MB to its callers in a server.</summary>
    private const int SmallStack = 1024 * 1024;

    private static readonly string Expected = "exceeded max depth of " + KrmLimits.MaxDepth;

    public static TheoryData<string, int> TooDeep => new()
    {
        { "flow-sequences", 10_000 },
        { "flow-mappings", 10_000 },
        { "flow-pairs", 10_000 },
        { "block-mappings", KrmLimits.MaxDepth + 1 },
        { "block-sequences", 10_000 },
        { "indentless-sequences", KrmLimits.MaxDepth + 1 },
        { "mixed", KrmLimits.MaxDepth + 1 },
    };

    public static TheoryData<string> Shapes => new() { "flow-sequences", "flow-mappings", "flow-pairs", "block-mappings", "block-sequences", "indentless-sequences", "mixed" };

    [Fact]
    public void MaxDepth_IsFixedAndBelowGoYamls()
    {
        Assert.Equal(256, KrmLimits.MaxDepth);
        Assert.Equal("exceeded max depth of 256", KrmLimits.MaxDepthProblem);
    }

    [Fact]
    public void Read_TwentyKilobyteFlowBomb_ThrowsExceededMaxDepthNotStackOverflow()
    {
        // The attack from issue 16: a 20 KB resource nested 10,000 deep.
        var text = "a: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var ex = Assert.Throws<KrmYamlException>(() => RunOnSmallStack(() => KrmYaml.ReadDocuments(text, "bomb.yaml")));

        Assert.Equal(Expected, ex.Problem);
        Assert.Equal("bomb.yaml", ex.FilePath);
        Assert.Equal(1, ex.Line);
        Assert.StartsWith("bomb.yaml:1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OneMegabyteOfOpenBrackets_ThrowsExceededMaxDepth()
    {
        // go-yaml's own limit test: 1000 KB of '['.
        var ex = Assert.Throws<KrmYamlException>(() => RunOnSmallStack(() => KrmYaml.ReadDocuments(new string('[', 1000 * 1024))));

        Assert.Equal(Expected, ex.Problem);
    }

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Read_NestedPastMaxDepth_ThrowsExceededMaxDepth(string shape, int depth)
    {
        var text = Nested(shape, depth);

        var ex = Assert.Throws<KrmYamlException>(() => RunOnSmallStack(() => KrmYaml.ReadDocuments(text, "deep.yaml")));

        Assert.Equal(Expected, ex.Problem);
        Assert.True(ex.Line > 0, ex.Message);
    }

    [Fact]
    public void Read_KptfileNestedPastMaxDepth_ThrowsKrmYamlException()
    {
        var text = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\ninfo:\n  description: " + new string('[', 10_000) + "\n";

        var ex = Assert.Throws<KrmYamlException>(() => RunOnSmallStack(() => Kptfile.Parse(text)));

        Assert.Equal(Expected, ex.Problem);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Walkers_AtMaxDepth_ProcessTheDocumentOnASmallStack(string shape)
    {
        var text = Nested(shape, KrmLimits.MaxDepth);

        RunOnSmallStack(() =>
        {
            var doc = KrmYaml.ReadDocument(text, "deep.yaml");
            var written = KrmYaml.WriteDocuments([doc]);
            Assert.Single(KrmYaml.ReadDocuments(written, "deep.yaml"));
            var copy = doc.Clone();
            Assert.True(copy.Root.ContentEquals(doc.Root));
            Assert.NotEmpty(KrmJsonWriter.Write(doc.Root));
            Assert.NotEmpty(doc.Root.ToString());
            FunctionRoundTrip.Apply(copy);
            CommentSync.Apply(doc.Root, copy.Root);
            var merger = new ThreeWayMerge(MergeSchemaSet.BuiltIn, inferAssociativeLists: true);
            Assert.NotNull(merger.Merge(doc.Root.Clone(), doc.Root.Clone(), KrmYaml.ReadDocument(text).Root));
            Assert.NotNull(merger.Merge(doc.Root.Clone(), KrmYaml.ReadDocument("b: 1\n").Root, doc.Root.Clone()));
            var files = new Dictionary<string, string> { ["deep.yaml"] = text };
            PackageResources.Read(files).Write(files);
        });
    }

    [Fact]
    public void Walkers_TreeBuiltInCodePastMaxDepth_ThrowExceededMaxDepth()
    {
        // Trees need not come from the reader (functions build them): the walkers check the same limit.
        var root = YamlNode.Mapping();
        var node = root;
        for (var i = 0; i < KrmLimits.MaxDepth + 5; i++)
        {
            var child = YamlNode.Mapping();
            node.Set("a", child);
            node = child;
        }

        var doc = new YamlDocument(root);
        RunOnSmallStack(() =>
        {
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => KrmYaml.WriteDocuments([doc])).Problem);
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => root.Clone()).Problem);
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => root.ContentEquals(root)).Problem);
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => KrmJsonWriter.Write(root)).Problem);
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => root.ToString()).Problem);
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => FunctionRoundTrip.Apply(doc)).Problem);
            var merger = new ThreeWayMerge(MergeSchemaSet.BuiltIn, inferAssociativeLists: true);
            Assert.Equal(Expected, Assert.Throws<KrmYamlException>(() => merger.Merge(root, root, root)).Problem);
        });
    }

    /// <summary>A document whose root collection holds collections <paramref name="depth"/> levels deep in all.</summary>
    internal static string Nested(string shape, int depth)
    {
        var sb = new StringBuilder();
        switch (shape)
        {
            case "flow-sequences":
                sb.Append("a: ").Append('[', depth - 1).Append(']', depth - 1).Append('\n');
                break;
            case "flow-mappings":
                sb.Append("a: ");
                for (var i = 1; i < depth; i++)
                {
                    sb.Append("{a: ");
                }

                sb.Append('1').Append('}', depth - 1).Append('\n');
                break;
            case "flow-pairs":
                // [a: [a: ...]]: each level is a sequence and a single-pair mapping.
                sb.Append("a: ");
                var levels = (depth - 1) / 2;
                for (var i = 0; i < levels; i++)
                {
                    sb.Append("[a: ");
                }

                sb.Append('1').Append(']', levels).Append('\n');
                break;
            case "block-mappings":
                for (var i = 0; i < depth; i++)
                {
                    sb.Append(' ', i).Append(i == depth - 1 ? "a: 1\n" : "a:\n");
                }

                break;
            case "block-sequences":
                sb.Append("a:\n");
                for (var i = 1; i < depth; i++)
                {
                    sb.Append("- ");
                }

                sb.Append("x\n");
                break;
            case "indentless-sequences":
                // a:\n- a:\n  - a:\n ...: a sequence and a mapping per level.
                sb.Append("a:\n");
                var indent = 0;
                for (var i = 1; i + 1 < depth; i += 2)
                {
                    sb.Append(' ', indent).Append("- a:\n");
                    indent += 2;
                }

                sb.Append(' ', indent).Append("- x\n");
                break;
            case "mixed":
                // Block mappings half the way, flow the other half.
                var block = depth / 2;
                for (var i = 0; i < block; i++)
                {
                    sb.Append(' ', i).Append("a:").Append(i == block - 1 ? " " : "\n");
                }

                sb.Append('[', depth - block).Append(']', depth - block).Append('\n');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }

        return sb.ToString();
    }

    /// <summary>Runs <paramref name="action"/> on a thread with a small stack and rethrows what it threw.</summary>
    internal static void RunOnSmallStack(Action action)
    {
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    action();
                }
                catch (Exception ex)
                {
                    error = ex;
                }
            },
            SmallStack);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    internal static void RunOnSmallStack<T>(Func<T> func) => RunOnSmallStack(() => { _ = func(); });
}
