using Porch.Tests.Shared;

namespace Porch.Cache.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchCache_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(PorchCacheOptions).Assembly, "src/Porch.Cache/PublicAPI.txt");
}
