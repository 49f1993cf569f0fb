using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>
/// Issue 16, item 1: a user-given address, branch or reference never becomes a git option or a transport that runs a
/// command. Each attack names a unique file; the file must never appear.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CommandInjectionTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("porch-pwn-").FullName;

    private string Pwned => Path.Combine(_scratch, "pwned");

    public void Dispose() => TestGit.TryDelete(_scratch);

    public static TheoryData<string> Attacks => new()
    {
        "--upload-pack=touch {0}",
        "--upload-pack=touch${{IFS}}{0}",
        "--upload-pack=id>{0};false #",
        "ext::sh -c touch% {0}",
        "ext::sh",
        "fd::3",
        "-oProxyCommand=touch {0}",
        "ssh://-oProxyCommand=touch%20{0}/r",
    };

    [BackendTheory]
    [MemberData(nameof(Attacks))]
    public async Task RepositoryAddress_Attack_RefusedAsSpecGitRepoAndRunsNothing(string attack)
    {
        await using var context = new GitTestContext();
        var address = string.Format(System.Globalization.CultureInfo.InvariantCulture, attack, Pwned);

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => context.OpenAsync(address, createBranch: true));

        Assert.StartsWith("spec.git.repo: Invalid value: ", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Pwned));
        Assert.Empty(context.MirrorDirectories());
    }

    [BackendTheory]
    [InlineData("--upload-pack=touch")]
    [InlineData("-b")]
    [InlineData("main\nx")]
    public async Task Branch_OptionLike_RefusedAsSpecGitBranch(string branch)
    {
        var remote = TestGit.InitBare();
        try
        {
            await using var context = new GitTestContext();
            var ex = await Assert.ThrowsAsync<PackageValidationException>(() => context.OpenAsync(remote, createBranch: true, branch: branch));
            Assert.StartsWith("spec.git.branch: Invalid value: ", ex.Message, StringComparison.Ordinal);
            Assert.Empty(context.MirrorDirectories());
        }
        finally
        {
            TestGit.TryDelete(remote);
        }
    }

    [BackendTheory]
    [MemberData(nameof(Attacks))]
    public async Task CloneUpstream_Attack_RefusedAsUpstreamRefGitRepoAndRunsNothing(string attack)
    {
        var fetcher = new GitUpstreamPackageFetcher(Options.Create(new GitRepositoryOptions { CacheDirectory = _scratch }));
        var package = new GitPackage { Repo = string.Format(System.Globalization.CultureInfo.InvariantCulture, attack, Pwned), Ref = "main", Directory = "web" };

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() => fetcher.FetchAsync("default", package));

        Assert.StartsWith("upstreamRef.git.repo: Invalid value: ", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Pwned));
    }

    [BackendTheory]
    [InlineData("--upload-pack=touch", "", "upstreamRef.git.ref: Invalid value: \"--upload-pack=touch\": must not start with '-'")]
    [InlineData("main", "../..", "upstreamRef.git.directory: Invalid value: \"../..\": must not contain \"..\" path segments")]
    public async Task CloneUpstream_BadRefOrDirectory_Refused(string gitRef, string directory, string message)
    {
        var fetcher = new GitUpstreamPackageFetcher(Options.Create(new GitRepositoryOptions { CacheDirectory = _scratch }));
        var ex = await Assert.ThrowsAsync<PackageValidationException>(() =>
            fetcher.FetchAsync("default", new GitPackage { Repo = "/srv/none.git", Ref = gitRef, Directory = directory }));
        Assert.Equal(message, ex.Message);
    }

    [BackendTheory]
    [InlineData("ext::sh -c touch% {0}", "transport 'ext' not allowed")]
    [InlineData("fd::3", "transport 'fd' not allowed")]
    public async Task Runner_DisallowedTransportPastTheRules_GitRefusesIt(string address, string gitText)
    {
        // Defence in depth: even a value that skipped the rules meets protocol.allow=never in git itself.
        var runner = new GitProcessRunner(new GitRepositoryOptions { CacheDirectory = _scratch, CommandTimeout = TimeSpan.FromSeconds(30) });
        var result = await runner.RunAsync(_scratch, ["ls-remote", "--end-of-options", string.Format(System.Globalization.CultureInfo.InvariantCulture, address, Pwned)], GitAuth.None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(gitText, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Pwned));
    }

    [BackendFact]
    public void CommandLine_UserValues_AfterEndOfOptions()
    {
        var args = GitCommandLine.Create("fetch", "gc.auto=0").Option("--quiet").Address("https://git.example/r.git").Constant("+refs/heads/*:refs/heads/*").Build();

        Assert.Equal(["-c", "gc.auto=0", "fetch", "--quiet", "--end-of-options", "https://git.example/r.git", "+refs/heads/*:refs/heads/*"], args);
    }

    [BackendFact]
    public void CommandLine_PushRefSpecsAndLeases_Checked()
    {
        var id = new string('a', 40);
        var args = GitCommandLine.Create("push").Lease("refs/heads/drafts/p/ws", null).Constant("origin").RefSpec(id, "refs/heads/drafts/p/ws").RefSpec(null, "refs/heads/old").Build();

        Assert.Equal(["push", "--force-with-lease=refs/heads/drafts/p/ws:", "--end-of-options", "origin", id + ":refs/heads/drafts/p/ws", ":refs/heads/old"], args);
        Assert.Throws<PackageValidationException>(() => GitCommandLine.Create("push").RefSpec(id, "refs/heads/a\nb"));
        Assert.Throws<PackageValidationException>(() => GitCommandLine.Create("push").RefSpec("--exec=x", "refs/heads/a"));
        Assert.Throws<PackageValidationException>(() => GitCommandLine.Create("push").Lease("-x", id));
    }

    [BackendTheory]
    [InlineData("--upload-pack=x")]
    [InlineData("ext::sh")]
    [InlineData("..")]
    public void CommandLine_BadAddress_Refused(string address)
    {
        var ex = Assert.Throws<PackageValidationException>(() => GitCommandLine.Create("clone").Address(address));
        Assert.StartsWith("refusing to pass git address ", ex.Message, StringComparison.Ordinal);
    }

    [BackendFact]
    public void CommandLine_OptionSpelledAsOperand_Refused()
    {
        Assert.Throws<ArgumentException>(() => GitCommandLine.Create("fetch").Constant("--upload-pack=x"));
        Assert.Throws<ArgumentException>(() => GitCommandLine.Create("fetch").Option("origin"));
        Assert.Throws<ArgumentException>(() => GitCommandLine.Create("clone").LocalDirectory("relative/dir"));
        Assert.Throws<PackageValidationException>(() => GitCommandLine.Create("ls-tree").PathSpec("../x"));
    }
}
