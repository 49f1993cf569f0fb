using System.Text;
using Porch.Krm;
using Porch.Tests.Shared;

namespace Porch.Krm.Tests.Krm;

/// <summary>
/// Seeded fuzzing of the YAML reader and what follows it (writer, JSON, clone): any input either reads or throws
/// <see cref="KrmYamlException"/>, never another exception and never a crash. Bounded by fixed iteration counts and
/// sizes, run on a thread with less stack than a thread-pool thread.
/// </summary>
public sealed class YamlReaderFuzzTests
{
    private const int Seed = 16_2026;

    [Fact]
    public void Read_RandomDepths_ReadOrThrowTypedError()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            // Around the limit: some inputs just under it, some just over, some far past it.
            var depth = random.Next(4) switch
            {
                0 => random.Next(1, 50),
                1 => KrmLimits.MaxDepth - random.Next(0, 3),
                2 => KrmLimits.MaxDepth + random.Next(1, 3),
                _ => random.Next(KrmLimits.MaxDepth, 20_000),
            };
            var shapes = new[] { "flow-sequences", "flow-mappings", "flow-pairs", "block-mappings", "block-sequences", "indentless-sequences", "mixed" };
            var shape = shapes[random.Next(shapes.Length)];
            if (shape is "block-mappings" or "indentless-sequences" or "mixed")
            {
                depth = Math.Min(depth, KrmLimits.MaxDepth + 3); // indentation grows quadratically; past the limit is enough
            }

            var text = YamlDepthLimitTests.Nested(shape, depth);
            if (random.Next(3) == 0)
            {
                text = Truncate(text, random); // unclosed nesting
            }

            Check(text, $"depth {i} ({shape}, {depth})", failures, expectTooDeep: depth > KrmLimits.MaxDepth && text.Length == YamlDepthLimitTests.Nested(shape, depth).Length);
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Read_RandomWidths_ReadOrThrowTypedError()
    {
        var random = new Random(Seed + 1);
        var failures = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var width = random.Next(1, 3000);
            var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\n");
            switch (random.Next(4))
            {
                case 0:
                    sb.Append("data:\n");
                    for (var k = 0; k < width; k++)
                    {
                        sb.Append("  k").Append(k).Append(": v").Append(k).Append('\n');
                    }

                    break;
                case 1:
                    sb.Append("items:\n");
                    for (var k = 0; k < width; k++)
                    {
                        sb.Append("- ").Append(k).Append('\n');
                    }

                    break;
                case 2:
                    sb.Append("flow: [").Append(string.Join(", ", Enumerable.Range(0, width))).Append("]\n");
                    break;
                default:
                    sb.Append("data: {").Append(string.Join(", ", Enumerable.Range(0, width).Select(k => "k" + k + ": " + k))).Append("}\n");
                    break;
            }

            Check(sb.ToString(), $"width {i} ({width})", failures, expectTooDeep: false);
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Read_AliasBombs_ReadButJsonOutputRefusesExcessiveAliasing()
    {
        // Billion laughs: nine levels of nine aliases each, a few hundred bytes that expand to 387 million scalars.
        var laughs = Laughs(levels: 9, fanout: 9);
        var doc = KrmYaml.ReadDocument(laughs, "laughs.yaml");

        // Like kyaml, the reader keeps aliases as aliases: YAML output stays small.
        Assert.True(KrmYaml.WriteDocuments([doc]).Length < laughs.Length * 2);
        var ex = Assert.Throws<KrmYamlException>(() => KrmJsonWriter.Write(doc.Root, "laughs.json"));
        Assert.Equal("document contains excessive aliasing", ex.Problem);
        Assert.Equal("laughs.json: document contains excessive aliasing", ex.Message);

        // go-yaml v3 decodes three levels of ten (1,111 scalars) and refuses four (11,111).
        Assert.NotEmpty(KrmJsonWriter.Write(KrmYaml.ReadDocument(Laughs(levels: 3, fanout: 10)).Root));
        Assert.Equal(
            "document contains excessive aliasing",
            Assert.Throws<KrmYamlException>(() => KrmJsonWriter.Write(KrmYaml.ReadDocument(Laughs(levels: 4, fanout: 10)).Root)).Problem);
    }

    [Fact]
    public void Read_AliasToItself_JsonOutputRefusesWithGoYamlsText()
    {
        var doc = KrmYaml.ReadDocument("a: &x\n  b: *x\n");

        var ex = Assert.Throws<KrmYamlException>(() => KrmJsonWriter.Write(doc.Root));

        Assert.Equal("anchor 'x' value contains itself", ex.Problem);
    }

    [Fact]
    public void Read_MutatedConformanceYaml_ReadOrThrowTypedError()
    {
        var random = new Random(Seed + 2);
        var corpus = Directory.EnumerateFiles(Conformance.PathOf(), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Conformance.PathOf(), "Kptfile", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Where(f => new FileInfo(f).Length < 64 * 1024)
            .ToList();
        Assert.NotEmpty(corpus);
        var pieces = new[] { "[", "]", "{", "}", ",", ": ", "- ", "? ", "&a ", "*a", "!!str ", "#", "\n", "  ", "\t", "'", "\"", "|", ">", "---\n", "%YAML 1.1\n", "\\", "\0", "\uFEFF" };
        var failures = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var text = File.ReadAllText(corpus[random.Next(corpus.Count)]);
            var sb = new StringBuilder(text);
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && sb.Length > 0; m++)
            {
                var at = random.Next(sb.Length);
                switch (random.Next(5))
                {
                    case 0:
                        sb.Remove(at, Math.Min(random.Next(1, 20), sb.Length - at));
                        break;
                    case 1:
                        sb.Insert(at, pieces[random.Next(pieces.Length)]);
                        break;
                    case 2:
                        sb[at] = (char)random.Next(0, 128);
                        break;
                    case 3:
                        // Repeat a piece of the text: wider or deeper.
                        var len = Math.Min(random.Next(1, 40), sb.Length - at);
                        var piece = sb.ToString(at, len);
                        sb.Insert(at, string.Concat(Enumerable.Repeat(piece, random.Next(2, 50))));
                        break;
                    default:
                        sb.Insert(at, new string(random.Next(2) == 0 ? '[' : '{', random.Next(1, 2 * KrmLimits.MaxDepth)));
                        break;
                }
            }

            Check(sb.ToString(), $"mutation {i}", failures, expectTooDeep: false);
        }

        Assert.Empty(failures);
    }

    private static void Check(string text, string name, List<string> failures, bool expectTooDeep)
    {
        Exception? unexpected = null;
        KrmYamlException? typed = null;
        YamlDepthLimitTests.RunOnSmallStack(() =>
        {
            try
            {
                var docs = KrmYaml.ReadDocuments(text, "fuzz.yaml");
                var written = KrmYaml.WriteDocuments(docs);
                KrmYaml.ReadDocuments(written, "fuzz.yaml");
                foreach (var doc in docs)
                {
                    doc.Clone().Root.ContentEquals(doc.Root);
                    KrmJsonWriter.Write(doc.Root, "fuzz.json");
                }
            }
            catch (KrmYamlException ex)
            {
                typed = ex;
            }
            catch (Exception ex)
            {
                unexpected = ex;
            }
        });

        if (unexpected is not null)
        {
            failures.Add($"{name}: {unexpected.GetType().Name}: {unexpected.Message}");
        }
        else if (expectTooDeep && typed?.Problem != KrmLimits.MaxDepthProblem)
        {
            failures.Add($"{name}: expected '{KrmLimits.MaxDepthProblem}', got '{typed?.Message ?? "success"}'");
        }
    }

    private static string Truncate(string text, Random random) => text[..random.Next(1, text.Length)];

    private static string Laughs(int levels, int fanout)
    {
        var sb = new StringBuilder("a0: &a0 lol\n");
        for (var level = 1; level <= levels; level++)
        {
            sb.Append('a').Append(level).Append(": &a").Append(level).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat("*a" + (level - 1), fanout))).Append("]\n");
        }

        return sb.ToString();
    }
}
