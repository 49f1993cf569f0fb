using System.Text;
using Porch.Krm;
using Porch.Tests.Shared;

namespace Porch.Krm.Tests.Krm;

/// <summary>Files written by Porch and kpt are in kyaml's canonical form: reading and writing them back must not change a byte.</summary>
public sealed class RoundTripConformanceTests
{
    /// <summary>
    /// Files that were stored verbatim rather than written by kyaml (Porch keeps user-supplied text as is; kpt does not
    /// rewrite a package whose render fails), with the canonical form kpt would write for each.
    /// </summary>
    private static readonly Dictionary<string, Func<string, string>> NotCanonical = new(StringComparer.Ordinal)
    {
        // A whitespace-only last line: kyaml drops trailing blank lines (format spec T06).
        ["nested-repository.tar:catalog/gcp/cloud-sql/Kptfile"] = text => text.EndsWith("\n  \n", StringComparison.Ordinal) ? text[..^3] : text,

        // No final newline: kyaml adds exactly one (format spec T05; named in spec section 7).
        ["kpt-render/non-krm-resource/non-krm.yaml"] = text => text + "\n",

        // A literal block with a trailing space on one line cannot stay literal: one double-quoted line (format spec 4.5, T22).
        ["kpt-render/fn-failure/starlark-failure-fn.yaml"] = text =>
        {
            var at = text.IndexOf("source: |\n", StringComparison.Ordinal);
            var lines = text[(at + "source: |\n".Length)..].Split('\n').Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? l[2..] : l);
            var value = string.Join("\n", lines).TrimEnd('\n') + "\n";
            return text[..at] + "source: \"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"\n";
        },
    };

    public static TheoryData<string> Archives()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Conformance.PathOf("porch-git"), "*.tar").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Archives))]
    public void ReadWrite_PorchWrittenRepository_EveryResourceFileAtEveryRefIsByteIdentical(string archive)
    {
        var dir = Conformance.UnpackArchive(archive);
        try
        {
            var refs = Conformance.Git(dir, "for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var checkedFiles = 0;
            foreach (var gitRef in refs)
            {
                var paths = Conformance.Git(dir, "ls-tree", "-r", "--name-only", "-z", gitRef).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                var files = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var path in paths)
                {
                    files[path] = Conformance.Git(dir, "show", gitRef + ":" + path);
                }

                var written = PackageResources.Read(files).Write(files);
                foreach (var (path, text) in files)
                {
                    Assert.True(written.TryGetValue(path, out var actual), $"{archive} {gitRef}: {path} was dropped");
                    var expected = NotCanonical.TryGetValue(archive + ":" + path, out var canonical) ? canonical(text) : text;
                    Assert.True(expected == actual, $"{archive} {gitRef}: {path} changed.\n--- expected\n{expected}\n--- actual\n{actual}");
                    if (PackageResources.IsResourceFile(path))
                    {
                        checkedFiles++;
                    }
                }

                Assert.Equal(files.Count, written.Count);
            }

            Assert.True(refs.Length == 0 || checkedFiles > 0 || archive.StartsWith("trivial", StringComparison.Ordinal), "no resource file was checked in " + archive);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static TheoryData<string> RenderCases()
    {
        var data = new TheoryData<string>();
        var root = Conformance.PathOf("kpt-render");
        foreach (var dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(root, dir).Replace('\\', '/');
            if (rel.Contains(".expected", StringComparison.Ordinal))
            {
                continue;
            }

            if (Directory.Exists(Path.Combine(dir, ".expected")) || File.Exists(Path.Combine(dir, "Kptfile")) && !File.Exists(Path.Combine(Path.GetDirectoryName(dir)!, "Kptfile")))
            {
                data.Add(rel);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RenderCases))]
    public void ReadWrite_KptRenderCaseFilesUntouchedByTheExpectedDiff_AreByteIdentical(string caseName) =>
        PendingConformance.Run("roundtrip", "kpt-render/" + caseName, () => ReadWriteCase(caseName));

    private static void ReadWriteCase(string caseName)
    {
        var caseDir = Conformance.PathOf("kpt-render", caseName);
        var patch = Path.Combine(caseDir, ".expected", "diff.patch");
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(patch))
        {
            foreach (var line in File.ReadAllLines(patch))
            {
                if (line.StartsWith("diff --git a/", StringComparison.Ordinal))
                {
                    var parts = line["diff --git ".Length..].Split(' ');
                    changed.Add(parts[0][2..]);
                    changed.Add(parts[^1][2..]);
                }
            }
        }

        var checkedFiles = 0;
        foreach (var file in Directory.GetFiles(caseDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(caseDir, file).Replace('\\', '/');
            if (rel.StartsWith(".expected/", StringComparison.Ordinal) || changed.Contains(rel) || !PackageResources.IsResourceFile(rel))
            {
                continue;
            }

            var text = File.ReadAllText(file, Encoding.UTF8);
            var files = new Dictionary<string, string>(StringComparer.Ordinal) { [rel] = text };
            var written = PackageResources.Read(files).Write(files);
            var expected = NotCanonical.TryGetValue("kpt-render/" + caseName + "/" + rel, out var canonical) ? canonical(text) : text;
            Assert.True(written[rel] == expected, $"{caseName}/{rel} changed.\n--- expected\n{expected}\n--- actual\n{written[rel]}");
            checkedFiles++;
        }

        Assert.True(checkedFiles > 0 || changed.Count > 0, "nothing to check in " + caseName);
    }
}
