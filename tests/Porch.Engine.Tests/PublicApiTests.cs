using Porch.Tests.Shared;

namespace Porch.Engine.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchEngine_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(IPorchEngine).Assembly, "src/Porch.Engine/PublicAPI.txt");
}
