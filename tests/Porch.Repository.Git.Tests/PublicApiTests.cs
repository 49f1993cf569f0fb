using Porch.Tests.Shared;

namespace Porch.Repository.Git.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchRepositoryGit_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(GitRepositoryOptions).Assembly, "src/Porch.Repository.Git/PublicAPI.txt");
}
