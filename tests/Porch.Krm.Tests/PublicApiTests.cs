using Porch.Tests.Shared;

namespace Porch.Krm.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchKrm_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(KubeObject).Assembly, "src/Porch.Krm/PublicAPI.txt");
}
