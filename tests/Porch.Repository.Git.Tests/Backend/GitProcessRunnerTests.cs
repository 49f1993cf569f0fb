using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git.Tests.Backend;

/// <summary>How the git executable is run: a missing one is a git command failure that names it and why.</summary>
public sealed class GitProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_GitExecutableMissing_GitCommandExceptionNamingTheExecutable()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-git-" + Guid.NewGuid().ToString("N"));
        var runner = new GitProcessRunner(new GitRepositoryOptions { GitExecutable = missing });

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => runner.RunAsync(Path.GetTempPath(), ["version"], GitAuth.None));

        Assert.Equal($"git version failed (exit code -1): could not start {missing} (GitRepositoryOptions.GitExecutable): No such file or directory", ex.Message);
    }
}
