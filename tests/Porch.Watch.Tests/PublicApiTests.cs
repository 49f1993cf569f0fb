using Porch.Tests.Shared;

namespace Porch.Watch.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchWatch_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(WatchEvent).Assembly, "src/Porch.Watch/PublicAPI.txt");
}
