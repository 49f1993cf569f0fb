using Porch.Tests.Shared;

namespace Porch.Cache.Sqlite.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchCacheSqlite_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(SqliteCacheDriver).Assembly, "src/Porch.Cache.Sqlite/PublicAPI.txt");
}
