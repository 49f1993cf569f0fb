using System.Text;
using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

/// <summary>Seeded random malformed inputs: each ends in success or a <see cref="KrmYamlException"/> naming file and line, never anything else.</summary>
public sealed class MalformedInputTests
{
    private static readonly string[] Fragments =
    [
        "apiVersion: v1\n", "kind: ConfigMap\n", "metadata:\n", "  name: x\n", "  annotations:\n", "    a: 'b'\n", "data:\n",
        "- a\n", "  - b\n", "- name: c\n", "    v: 1\n", "---\n", "--- x\n", "...\n", "# c\n", "  # c\n", "\n", "\t", "\ta: 1\n",
        "a: [1, 2\n", "b: {x: 1\n", "c: \"unterminated\n", "d: 'q\n", "e: |\n", "  lit\n", "f: >-\n", "g: &x\n", "h: *x\n", "i: *missing\n",
        "? k\n", ": v\n", "j: \"\\/\"\n", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "k: !!int x\n", "l: @a\n", "m: `b\n", "n:: o\n",
        "- - - \n", "]\n", "}\n", ",\n", "&a &b c: d\n", "p: q: r\n", "  s: t\n", "    u: v\n", "w: \"\\x4\"\n", "\u00e9: \u65e5\n", "\r\n",
        "\uFEFF", "x: \"\\uD800\"\n", "y: !<tag> z\n", "<<: *x\n", "-\n", "? [a, b]\n", ": c\n", "{a: 1}\n", "[1, 2]\n", "just text\n",
    ];

    [Fact]
    public void ReadDocuments_SeededRandomInputs_SucceedOrThrowKrmYamlExceptionWithLocation()
    {
        var random = new Random(20261122);
        var failures = new List<string>();
        var typedErrors = 0;
        for (var i = 0; i < 1500; i++)
        {
            var sb = new StringBuilder();
            var count = random.Next(1, 14);
            for (var f = 0; f < count; f++)
            {
                sb.Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(8) == 0)
                {
                    sb.Append((char)random.Next(0, 128));
                }
            }

            var text = sb.ToString();
            var path = "pkg/file-" + i + ".yaml";
            try
            {
                var files = new Dictionary<string, string> { [path] = text };
                var written = PackageResources.Read(files).Write(files);
                if (written.TryGetValue(path, out var output))
                {
                    // Whatever we write must read back.
                    PackageResources.Read(new Dictionary<string, string> { [path] = output });
                }
            }
            catch (KrmYamlException ex)
            {
                typedErrors++;
                if (!ex.Message.StartsWith(path, StringComparison.Ordinal) || ex.FilePath != path)
                {
                    failures.Add($"case {i}: error does not name the file: {ex.Message}");
                }

                if (ex.Line <= 0 && !ex.Problem.Contains("holds", StringComparison.Ordinal))
                {
                    failures.Add($"case {i}: error does not name the line: {ex.Message}\n{Escape(text)}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"case {i}: {ex.GetType().Name}: {ex.Message}\n{Escape(text)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)) + $"\n({failures.Count} failures)");
        Assert.InRange(typedErrors, 100, 1499);
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
