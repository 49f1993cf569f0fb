using Porch.Engine.Api;

namespace Porch.Engine.Tests.Api;

public sealed class KeysTests
{
    private static readonly RepositoryKey Repo = new("ns", "blueprints", "catalog", "main");

    [Fact]
    public void PackageKey_FullPath_JoinsRepositoryDirectory()
    {
        var key = new PackageKey(Repo, "network", "vpc");

        Assert.Equal("network/vpc", key.PackagePath);
        Assert.Equal("catalog/network/vpc", key.FullPath);
        Assert.Equal("blueprints.network.vpc", key.ObjectName);
        Assert.Equal("ns:blueprints:catalog:main:network:vpc", key.ToString());
    }

    [Fact]
    public void FromPackageName_NestedName_SplitsAtLastSlash()
    {
        Assert.Equal(new PackageKey(Repo, "a/b", "c"), PackageKey.FromPackageName(Repo, "/a/b/c/"));
        Assert.Equal(new PackageKey(Repo, "", "c"), PackageKey.FromPackageName(Repo, "c"));
    }

    [Fact]
    public void Matches_EmptyFields_AreWildcards()
    {
        var actual = new PackageRevisionKey(new PackageKey(Repo, "network", "vpc"), 3, "ws1");

        Assert.True(new PackageRevisionKey(new PackageKey(new RepositoryKey("ns", "", "", ""), "", "vpc"), 0, "").Matches(actual));
        Assert.True(default(PackageRevisionKey).Matches(actual));
        Assert.False(new PackageRevisionKey(new PackageKey(Repo, "network", "vpc"), 2, "").Matches(actual));
        Assert.False(new PackageRevisionKey(new PackageKey(Repo, "", ""), 0, "ws2").Matches(actual));
        Assert.False(new PackageRevisionKey(new PackageKey(new RepositoryKey("other", "", "", ""), "", ""), 0, "").Matches(actual));
        Assert.False(new PackageRevisionKey(new PackageKey(Repo, "net", ""), 0, "").Matches(actual));
    }

    [Fact]
    public void PackageRevisionKey_ToStringAndName_FollowPorch()
    {
        var key = new PackageRevisionKey(new PackageKey(Repo, "", "basens"), -1, "main");

        Assert.Equal("ns:blueprints:catalog:main::basens:-1:main", key.ToString());
        Assert.Equal("blueprints.basens.main", key.ObjectName);
    }
}
