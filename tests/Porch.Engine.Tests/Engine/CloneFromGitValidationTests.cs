using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Engine.Tests.Engine;

/// <summary>A clone task's <c>upstreamRef.git</c> is checked by <see cref="GitAddressRules"/> before any fetch runs.</summary>
public sealed class CloneFromGitValidationTests
{
    [Theory]
    [InlineData("--upload-pack=id>/tmp/x;false #", "main", "", "upstreamRef.git.repo: Invalid value: \"--upload-pack=id>/tmp/x;false #\": must not contain whitespace or control characters")]
    [InlineData("--upload-pack=touch${IFS}/tmp/x", "main", "", "upstreamRef.git.repo: Invalid value: \"--upload-pack=touch${IFS}/tmp/x\": must not start with '-'")]
    [InlineData("ext::sh", "main", "", "upstreamRef.git.repo: Invalid value: \"ext::sh\": transport \"ext\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("fd::3", "main", "", "upstreamRef.git.repo: Invalid value: \"fd::3\": transport \"fd\" is not allowed (allowed: file, git, http, https, ssh)")]
    [InlineData("https://u:s3cret@git.example/r.git", "main", "", "upstreamRef.git.repo: Invalid value: \"https://git.example/r.git\": credentials must not be embedded in the address; name a secret in spec.git.secretRef instead")]
    [InlineData("https://git.example/r.git", "--orphan", "", "upstreamRef.git.ref: Invalid value: \"--orphan\": must not start with '-'")]
    [InlineData("https://git.example/r.git", "main", "../..", "upstreamRef.git.directory: Invalid value: \"../..\": must not contain \"..\" path segments")]
    public async Task Clone_BadUpstreamGit_RefusedBeforeFetching(string repo, string gitRef, string directory, string message)
    {
        var fetcher = new RecordingFetcher();
        await using var harness = PorchTestHarness.Create(b => b.Services.AddSingleton<IUpstreamPackageFetcher>(fetcher));
        harness.AddRepository("blueprints");
        var task = new TaskSpec
        {
            Type = TaskType.Clone,
            Clone = new PackageCloneTaskSpec { Upstream = new UpstreamPackage { Git = new GitPackage { Repo = repo, Ref = gitRef, Directory = directory } } },
        };

        var ex = await Assert.ThrowsAsync<PackageValidationException>(() =>
            harness.Engine.CreatePackageRevisionAsync(EngineContext.NewRevision("pkg", "v1", tasks: task)));

        Assert.Equal(message, ex.Message);
        Assert.Equal(PorchErrorCode.RuleViolation, ex.ErrorCode);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, fetcher.Calls);
    }

    private sealed class RecordingFetcher : IUpstreamPackageFetcher
    {
        public int Calls { get; private set; }

        public Task<UpstreamPackageContent> FetchAsync(string @namespace, GitPackage package, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new InvalidOperationException("must not be called");
        }
    }
}
