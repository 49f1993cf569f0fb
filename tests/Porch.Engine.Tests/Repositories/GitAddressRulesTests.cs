using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Engine.Tests.Repositories;

public sealed class GitAddressRulesTests
{
    [Theory]
    [InlineData("https://git.example/blueprints.git")]
    [InlineData("http://127.0.0.1:8080/r.git")]
    [InlineData("git://127.0.0.1:9418/r.git")]
    [InlineData("ssh://git@git.example/r.git")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("file:///srv/git/r.git")]
    [InlineData("/srv/git/r.git")]
    public void CheckAddress_AllowedForms_Pass(string address) => Assert.Null(GitAddressRules.CheckAddress(address));

    [Theory]
    [InlineData("--upload-pack=id>/tmp/x;false #", "must not contain whitespace or control characters")]
    [InlineData("--upload-pack=touch${IFS}/tmp/x", "must not start with '-'")]
    [InlineData("-oProxyCommand=x", "must not start with '-'")]
    [InlineData("ext::sh -c touch% /tmp/x", "must not contain whitespace or control characters")]
    [InlineData("ext::sh", "transport \"ext\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("fd::3", "transport \"fd\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("fd::3/x://y", "transport \"fd\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("ftp://h/r", "protocol \"ftp\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("HTTPS://h/r", "protocol \"HTTPS\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("..", "a local path must be absolute")]
    [InlineData(".", "a local path must be absolute")]
    [InlineData("repos/r.git", "a local path must be absolute")]
    [InlineData("https://u:p@h/r", "credentials must not be embedded in the address; name a secret in spec.git.secretRef instead")]
    [InlineData("https://token@h/r", "credentials must not be embedded in the address; name a secret in spec.git.secretRef instead")]
    [InlineData("ssh://git:pw@h/r", "credentials must not be embedded in the address; name a secret in spec.git.secretRef instead")]
    [InlineData("ssh://-oProxyCommand=x/r", "host must not be empty or start with '-'")]
    [InlineData("git@-oProxyCommand=x:r", "host must not be empty or start with '-'")]
    [InlineData("file://otherhost/r", "a file:// address must not name a host")]
    [InlineData("https://h/r\n", "must not contain whitespace or control characters")]
    [InlineData("", "must not be empty")]
    public void CheckAddress_Refused_SaysWhy(string address, string reason) => Assert.Equal(reason, GitAddressRules.CheckAddress(address));

    [Theory]
    [InlineData("main")]
    [InlineData("feature/x-1")]
    [InlineData("v1.2.3")]
    [InlineData("refs/heads/main")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public void CheckReference_GitRefNames_Pass(string reference) => Assert.Null(GitAddressRules.CheckReference(reference));

    [Theory]
    [InlineData("--orphan")]
    [InlineData("-b")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a*")]
    [InlineData("a[")]
    [InlineData("a\\b")]
    [InlineData("@")]
    [InlineData("a@{1}")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("a.")]
    [InlineData("a//b")]
    [InlineData(".hidden")]
    [InlineData("x/.y")]
    [InlineData("x.lock")]
    [InlineData("")]
    public void CheckBranch_CheckRefFormatViolations_Refused(string branch) => Assert.NotNull(GitAddressRules.CheckBranch(branch));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("blueprints")]
    [InlineData("/a/b/")]
    public void CheckDirectory_RelativePackageFolders_Pass(string? directory) => Assert.Null(GitAddressRules.CheckDirectory(directory));

    [Theory]
    [InlineData("../..", "must not contain \"..\" path segments")]
    [InlineData("a/../b", "must not contain \"..\" path segments")]
    [InlineData("a/./b", "must not contain \".\" path segments")]
    [InlineData("a//b", "must not contain empty path segments")]
    [InlineData("a/.git/b", "must not contain \".git\" path segments")]
    [InlineData(".GIT", "must not contain \".git\" path segments")]
    [InlineData("a\\b", "must not contain backslashes or control characters")]
    [InlineData("--upload-pack=x", "path segments must not start with '-'")]
    [InlineData("a/-b", "path segments must not start with '-'")]
    public void CheckDirectory_Escapes_Refused(string directory, string reason) => Assert.Equal(reason, GitAddressRules.CheckDirectory(directory));

    [Fact]
    public void Validate_RedactsCredentialsInTheValue()
    {
        var errors = GitAddressRules.Validate(new GitRepository { Repo = "https://user:s3cret@git.example/r.git", Branch = "--x", Directory = "../.." });

        Assert.Equal(
            [
                "spec.git.repo: Invalid value: \"https://git.example/r.git\": credentials must not be embedded in the address; name a secret in spec.git.secretRef instead",
                "spec.git.branch: Invalid value: \"--x\": must not start with '-'",
                "spec.git.directory: Invalid value: \"../..\": must not contain \"..\" path segments",
            ],
            errors.Select(e => e.ToString()));
        Assert.DoesNotContain(errors, e => e.ToString().Contains("s3cret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://u:p@h/r", "https://h/r")]
    [InlineData("https://u:p@h", "https://h")]
    [InlineData("https://u:p@h?x=@", "https://h?x=@")]
    [InlineData("git@h:r", "git@h:r")]
    [InlineData("/srv/r", "/srv/r")]
    public void Redact_RemovesUserInfo(string address, string expected) => Assert.Equal(expected, GitAddressRules.Redact(address));

    [Fact]
    public void Validate_Upstream_NamesTheUpstreamFields()
    {
        var errors = GitAddressRules.Validate(new GitPackage { Repo = "--upload-pack=touch${IFS}/tmp/x", Ref = "--orphan", Directory = "../.." });

        Assert.Equal(
            [
                "upstreamRef.git.repo: Invalid value: \"--upload-pack=touch${IFS}/tmp/x\": must not start with '-'",
                "upstreamRef.git.ref: Invalid value: \"--orphan\": must not start with '-'",
                "upstreamRef.git.directory: Invalid value: \"../..\": must not contain \"..\" path segments",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_Upstream_EmptyRefAndRootDirectory_Pass() =>
        Assert.Empty(GitAddressRules.Validate(new GitPackage { Repo = "https://git.example/r.git", Ref = "", Directory = "" }));
}
