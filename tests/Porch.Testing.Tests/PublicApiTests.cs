using Porch.Tests.Shared;

namespace Porch.Testing.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchTesting_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(PorchTestHarness).Assembly, "src/Porch.Testing/PublicAPI.txt");
}
