namespace Porch.Repository.Git.Tests.Backend;

/// <summary>Which addresses libgit2 reaches with its local transport (where a group of closes is pushed in process).</summary>
public sealed class GitUrlTests
{
    [Theory]
    [InlineData("/srv/git/blueprints.git", true)]
    [InlineData("relative/blueprints.git", true)]
    [InlineData("file:///srv/git/blueprints.git", true)]
    [InlineData("https://example.com/blueprints.git", false)]
    [InlineData("http://example.com/blueprints.git", false)]
    [InlineData("git://example.com/blueprints.git", false)]
    [InlineData("ssh://git@example.com/blueprints.git", false)]
    [InlineData("git@example.com:org/blueprints.git", false)]
    public void IsLocal_PathsAndFileUrlsOnly(string address, bool local)
    {
        Assert.Equal(local, GitUrl.IsLocal(address));
    }
}
