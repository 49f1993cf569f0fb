using Porch.Tests.Shared;

namespace Porch.AspNetCore.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchAspNetCore_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(Microsoft.AspNetCore.Builder.PorchApiEndpointRouteBuilderExtensions).Assembly, "src/Porch.AspNetCore/PublicAPI.txt");
}
