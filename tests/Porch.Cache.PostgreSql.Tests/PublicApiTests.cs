using Porch.Tests.Shared;

namespace Porch.Cache.PostgreSql.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicSurface_PorchCachePostgreSql_MatchesCheckedInSnapshot() =>
        PublicApiSnapshot.AssertMatches(typeof(PostgreSqlCacheDriver).Assembly, "src/Porch.Cache.PostgreSql/PublicAPI.txt");
}
