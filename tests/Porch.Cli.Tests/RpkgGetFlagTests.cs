namespace Porch.Cli.Tests;

/// <summary>Porch's <c>rpkg get</c> flag rules (pkg/cli/commands/rpkg/get/command.go preRunE), checked before any connection.</summary>
public sealed class RpkgGetFlagTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a.b.c d.e.f")]
    public async Task ShowKptfile_NotExactlyOneName_IsRefused(string names)
    {
        string[] args = ["rpkg", "get", "--show-kptfile", .. names.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, args);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: --show-kptfile requires exactly one package revision name as an argument \n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("--name=pkg")]
    [InlineData("--revision=1")]
    [InlineData("--workspace=v1")]
    [InlineData("-w=v1")]
    public async Task ShowKptfile_WithAFilter_IsRefused(string filter)
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, "rpkg", "get", "--show-kptfile", "repo.pkg.v1", filter);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: --show-kptfile cannot be combined with --name, --revision, or --workspace \n", result.Stderr);
    }

    [Fact]
    public async Task ShowKptfile_WithAllNamespaces_IsRefused()
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null, "rpkg", "get", "--show-kptfile", "repo.pkg.v1", "-A");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: --show-kptfile cannot be combined with --all-namespaces \n", result.Stderr);
    }

    /// <summary>Porch's rpkgcmd.go and repocmd.go: <c>rpkg</c> is also <c>rpackage</c>, <c>repo</c> also <c>repository</c>.</summary>
    [Fact]
    public async Task CommandAliases_RpackageAndRepository_RunTheSameVerbs()
    {
        var viaName = await Porchctl.RunAsync(Path.GetTempPath(), null, "rpkg", "get", "--show-kptfile", "a.b.v1", "c.d.v1");
        var viaAlias = await Porchctl.RunAsync(Path.GetTempPath(), null, "rpackage", "get", "--show-kptfile", "a.b.v1", "c.d.v1");
        Assert.NotEqual(0, viaName.ExitCode);
        Assert.Equal(viaName.ExitCode, viaAlias.ExitCode);
        Assert.Equal(viaName.Stderr, viaAlias.Stderr);

        var repository = await Porchctl.RunAsync(Path.GetTempPath(), null, "repository", "--help");
        Assert.Equal(0, repository.ExitCode);
        Assert.Contains("register", repository.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// pflag, under cobra: a connection flag given more than once takes its last value, and takes one value per
    /// occurrence, so the word after it stays the command's argument. The request line at <c>-v=6</c> shows both.
    /// </summary>
    [Fact]
    public async Task RepeatedNamespaceFlag_LastWins_AndTheNextWordStaysAnArgument()
    {
        var result = await Porchctl.RunAsync(Path.GetTempPath(), null,
            "rpkg", "get", "-s", "https://127.0.0.1:1", "-n", "first", "--namespace=second", "-n", "third", "some-name", "-v=6");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("https://127.0.0.1:1/apis/porch.kpt.dev/v1alpha1/namespaces/third/packagerevisions/some-name ", result.Stderr, StringComparison.Ordinal);
    }
}
