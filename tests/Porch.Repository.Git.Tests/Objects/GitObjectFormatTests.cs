using System.Text;
using Porch.Engine.Api;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Objects;

public sealed class GitObjectFormatTests
{
    [Fact]
    public void EncodeTree_MixedEntries_HashesAsGitMktree()
    {
        var dir = TestGit.InitBare();
        try
        {
            var blob = TestGit.Run(dir, "hash-object", "-w", "--stdin").Trim();
            var sub = GitStdin("mktree", dir, $"100644 blob {blob}\tx.yaml\n").Trim();
            var entries = new[]
            {
                new TreeEntry("100644", "a.yaml", blob),
                new TreeEntry("40000", "a", sub),
                new TreeEntry("100644", "a-b", blob),
                new TreeEntry("100644", "Kptfile", blob),
            };
            var expected = GitStdin("mktree", dir, $"100644 blob {blob}\ta.yaml\n040000 tree {sub}\ta\n100644 blob {blob}\ta-b\n100644 blob {blob}\tKptfile\n").Trim();
            Assert.Equal(expected, GitObjectFormat.ComputeId("tree", GitObjectFormat.EncodeTree(entries)));
            Assert.Equal(GitObjectFormat.EmptyTreeId, GitObjectFormat.ComputeId("tree", GitObjectFormat.EncodeTree([])));
        }
        finally
        {
            TestGit.TryDelete(dir);
        }
    }

    [Theory]
    [InlineData("blob 3\0abc", true, "blob", "abc")]
    [InlineData("tree 0\0", true, "tree", "")]
    [InlineData("blob 4\0abc", false, "", "")]
    [InlineData("blob abc", false, "", "")]
    [InlineData(" 3\0abc", false, "", "")]
    [InlineData("blob +3\0abc", false, "", "")]
    public void TryDecodeLoose_SplitsTypeAndContent_RefusesAHeaderThatDoesNotMatch(string raw, bool valid, string type, string content)
    {
        Assert.Equal(valid, GitObjectFormat.TryDecodeLoose(Encoding.ASCII.GetBytes(raw), out var decodedType, out var decoded));
        Assert.Equal((type, content), (decodedType, Encoding.ASCII.GetString(decoded)));
    }

    [Theory]
    [InlineData("Jane Doe <jane@example.com> 1650000000 +0200", "Jane Doe", "jane@example.com", "2022-04-15T07:20:00+02:00")]
    [InlineData("Jane <jane@example.com>   1650000000   -0130  ", "Jane", "jane@example.com", "2022-04-15T03:50:00-01:30")]
    [InlineData("Jane <jane@example.com> 1650000000", "Jane", "jane@example.com", "2022-04-15T05:20:00+00:00")]
    [InlineData("Jane <jane@example.com> soon +0200", "Jane", "jane@example.com", "1970-01-01T00:00:00+00:00")]
    [InlineData("no email here", "no email here", "", "1970-01-01T00:00:00+00:00")]
    public void GitSignature_Parse_NameEmailAndTimeWithItsZone(string text, string name, string email, string when)
    {
        var signature = GitSignature.Parse(text);
        Assert.Equal((name, email, DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture)), (signature.Name, signature.Email, signature.When));
        Assert.Equal(DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture).Offset, signature.When.Offset);
    }

    [Fact]
    public void EncodeCommit_ParsesBackWithSignatures()
    {
        var author = new GitSignature("jane", "jane@example.com", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).ToOffset(TimeSpan.FromHours(-7.5)));
        var committer = new GitSignature("Package Orchestration Service", "porch@kpt.dev", DateTimeOffset.FromUnixTimeSeconds(1_700_000_100));
        var data = GitObjectFormat.EncodeCommit(GitObjectFormat.EmptyTreeId, ["1111111111111111111111111111111111111111"], author, committer, "msg\n");
        Assert.Contains("author jane <jane@example.com> 1700000000 -0730\n", Encoding.UTF8.GetString(data), StringComparison.Ordinal);
        var parsed = GitCommit.Parse("x", data);
        Assert.Equal(author, parsed.Author);
        Assert.Equal(committer, parsed.Committer);
        Assert.Equal("msg\n", parsed.Message);
        Assert.Equal(["1111111111111111111111111111111111111111"], parsed.Parents);
    }

    [Fact]
    public void Annotation_DraftMessage_IsPorchFormat()
    {
        var task = new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = "vpc description" } };
        Assert.Equal(
            "Creating new empty revision\n\n\nkpt:{\"package\":\"catalog/vpc\",\"workspaceName\":\"ws1\",\"revision\":\"0\",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"vpc description\"}}}\n",
            CommitMessages.Draft("catalog/vpc", "ws1", task));
        Assert.Equal("Intermediate commit: push", CommitMessages.Summary(new TaskSpec { Type = TaskType.Push }));
        Assert.Equal("Intermediate commit", CommitMessages.Summary(null));
    }

    [Theory]
    [InlineData("kpt:{not json", 0, 1)]
    [InlineData("  kpt:{\"package\":\"p\",\"revision\":\"v1\"}  ", 1, 0)]
    [InlineData("kpt:{\"package\":5}", 0, 1)]
    [InlineData("kpt:[]", 0, 1)]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"type\":\"patch\",\"patch\":{}}}", 1, 0)]
    [InlineData("no annotation here", 0, 0)]
    [InlineData("kpt:{\"package\":\"p\"} trailing", 0, 1)]
    [InlineData("kpt:{\"package\":\"p\",\"task\":\"init\"}", 0, 1)]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"init\":{}}}", 0, 1)]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"type\":5}}", 0, 1)]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"type\":\"init\",\"init\":{]}}", 0, 1)]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"d\"}},\"extra\":[1,{\"type\":2}]}", 1, 0)]
    [InlineData("kpt:{\"package\":null,\"workspaceName\":null,\"task\":null}", 1, 0)]
    public void ParseAll_Lines_SkipsMalformed(string line, int valid, int invalid)
    {
        var good = new List<GitAnnotation>();
        var bad = new List<string>();
        GitAnnotation.ParseAll("summary\n\n" + line + "\n", good, bad);
        Assert.Equal(valid, good.Count);
        Assert.Equal(invalid, bad.Count);
    }

    [Theory]
    [InlineData("kpt:{\"package\":\"p\",\"revision\":\"v1\"}")]
    [InlineData("\u00a0 kpt:{\"package\":\"p\",\"revision\":\"v1\"} \u2003")]
    [InlineData("kpt:{\"package\":\"caf\u00e9\",\"workspaceName\":\"ws\"}")]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"d\"}}}\r")]
    [InlineData("kpt:{not json")]
    [InlineData("\u00a0kpt:{not json")]
    [InlineData("kpt:{\"package\":\"p\",\"task\":{\"type\":\"patch\",\"patch\":{}}}")]
    public void ParseAll_Utf8Bytes_ReadsAsTheDecodedText(string line)
    {
        var message = "summary\n\n" + line + "\nkpt:{\"package\":\"q\"}\n";
        AssertSameAnnotations(message, System.Text.Encoding.UTF8.GetBytes(message));
    }

    [Fact]
    public void ParseAll_InvalidUtf8InALine_ReadsAsTheDecodedText()
    {
        // The message decoded replaces the bad byte with U+FFFD; the line read from bytes must give the same annotation.
        byte[] bytes = [.. "kpt:{\"package\":\"a"u8, 0xFF, .. "b\"}\n"u8];
        AssertSameAnnotations(System.Text.Encoding.UTF8.GetString(bytes), bytes);
    }

    [Theory]
    [InlineData("jane <jane@example.com> 1700000000 -0730")]
    [InlineData("  Jane Doe\u00a0 <jane@example.com>   1700000000   +0200  ")]
    [InlineData("Zo\u00eb <z@example.com> 1700000000 +0100")]
    [InlineData("no email 1700000000 +0000")]
    [InlineData("x <y> notanumber +0000")]
    [InlineData("x <y> -5 +1")]
    [InlineData("x <y> 1700000000 +0\u00e930")]
    [InlineData("x <y>")]
    public void Signature_ParsedFromBytes_EqualsParsedFromText(string text)
    {
        Assert.Equal(GitSignature.Parse(text), GitSignature.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Parse_SameAuthorAndCommitter_DifferentCommitter_BothRead()
    {
        var author = new GitSignature("a", "a@example.com", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var committer = new GitSignature("c", "c@example.com", DateTimeOffset.FromUnixTimeSeconds(1_700_000_001));
        var same = GitCommit.Parse("x", GitObjectFormat.EncodeCommit(GitObjectFormat.EmptyTreeId, [], author, author, "m\n"));
        var different = GitCommit.Parse("y", GitObjectFormat.EncodeCommit(GitObjectFormat.EmptyTreeId, [], author, committer, "m\n"));
        Assert.Equal((author, author), (same.Author, same.Committer));
        Assert.Equal((author, committer), (different.Author, different.Committer));
    }

    [Fact]
    public void TryParse_FieldsAndTask_ReadAsPorchWroteThem()
    {
        Assert.True(GitAnnotation.TryParse("{\"package\":\"a/b\",\"workspaceName\":\"ws1\",\"revision\":\"2\",\"task\":{\"type\":\"init\",\"init\":{\"description\":\"d\"}}}", out var annotation));
        Assert.Equal(("a/b", "ws1", "2", "init"), (annotation.Package, annotation.WorkspaceName, annotation.Revision, annotation.TaskType));
        Assert.Equal(TaskType.Init, annotation.Task?.Type);
        Assert.Equal("d", annotation.Task?.Init?.Description);
        Assert.Equal(annotation.Format(), GitAnnotation.Prefix + "{\"package\":\"a/b\",\"workspaceName\":\"ws1\",\"revision\":\"2\",\"task\":" + System.Text.Json.JsonSerializer.Serialize(annotation.Task, PorchJsonContext.Default.TaskSpec) + "}\n");
    }

    [Fact]
    public void Matches_LegacyRevisionAsWorkspace_Matches()
    {
        Assert.True(new GitAnnotation("p", null, "v1", null, null).Matches("p", "v1"));
        Assert.False(new GitAnnotation("p", "ws", "v1", null, null).Matches("p", "v1"));
        Assert.False(new GitAnnotation("q", "v1", null, null, null).Matches("p", "v1"));
    }

    private static void AssertSameAnnotations(string message, byte[] bytes)
    {
        var (textValid, textInvalid) = (new List<GitAnnotation>(), new List<string>());
        var (bytesValid, bytesInvalid) = (new List<GitAnnotation>(), new List<string>());
        GitAnnotation.ParseAll(message, textValid, textInvalid);
        GitAnnotation.ParseAll(bytes, bytesValid, bytesInvalid);
        Assert.Equal(textValid.Select(Describe), bytesValid.Select(Describe));
        Assert.Equal(textInvalid, bytesInvalid);
    }

    private static string Describe(GitAnnotation a) =>
        $"{a.Package}|{a.WorkspaceName}|{a.Revision}|{a.TaskType}|{(a.Task is null ? "" : System.Text.Json.JsonSerializer.Serialize(a.Task, PorchJsonContext.Default.TaskSpec))}";

    private static string GitStdin(string command, string dir, string stdin)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(command);
        using var process = System.Diagnostics.Process.Start(psi)!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
