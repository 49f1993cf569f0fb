namespace Porch.Cli.Tests;

/// <summary>
/// porchctl rpkg upgrade as Porch's pkg/cli/commands/rpkg/upgrade/command.go: the argument and flag rules (checked
/// before anything is read), and an upgrade of a cloned package to its upstream's next revision against samples/Server.
/// </summary>
public sealed partial class RpkgLifecycleTests
{
    [Theory]
    [InlineData("", "SOURCE_PACKAGE_REVISION is a required positional argument")]
    [InlineData("a.b.c d.e.f --workspace=w", "too many arguments; SOURCE_PACKAGE_REVISION is the only accepted positional arguments")]
    [InlineData("a.b.c --workspace=w --revision=-1", "revision must be positive (and not main)")]
    [InlineData("a.b.c", "workspace is required")]
    [InlineData("a.b.c --workspace=w --strategy=rebase", "invalid strategy \"rebase\"; must be one of: [resource-merge fast-forward force-delete-replace copy-merge]")]
    public async Task Upgrade_ArgumentRules_PorchsTexts(string args, string error)
    {
        string[] argv = ["rpkg", "upgrade", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        await Step(argv, "", $"Error: {error} \n", 1);
    }

    [Fact]
    public async Task Upgrade_ClonedPackage_ToUpstreamsLatest_PrintsUpgradedTo()
    {
        await Step(["repo", "register", "--name=upgrades", "--create-branch", server.GitUrl, "--branch=upgrades"], "", "", 0);
        await Step(["rpkg", "init", "--repository=upgrades", "--workspace=v1", "base"], "upgrades.base.v1 created\n", "", 0);
        await Step(["rpkg", "propose", "upgrades.base.v1"], "upgrades.base.v1 proposed\n", "", 0);
        await Step(["rpkg", "approve", "upgrades.base.v1"], "upgrades.base.v1 approved\n", "", 0);
        await Step(["rpkg", "clone", "upgrades.base.v1", "site", "--repository=upgrades", "--workspace=v1"], "upgrades.site.v1 created\n", "", 0);

        await Step(["rpkg", "upgrade", "upgrades.site.v1", "--workspace=v2"], "",
            "Error: to upgrade a package, it must be in a published state, not \"Draft\" \n", 1);
        await Step(["rpkg", "propose", "upgrades.site.v1"], "upgrades.site.v1 proposed\n", "", 0);
        await Step(["rpkg", "approve", "upgrades.site.v1"], "upgrades.site.v1 approved\n", "", 0);
        await Step(["rpkg", "copy", "upgrades.base.v1", "--workspace=v2"], "upgrades.base.v2 created\n", "", 0);
        await Step(["rpkg", "propose", "upgrades.base.v2"], "upgrades.base.v2 proposed\n", "", 0);
        await Step(["rpkg", "approve", "upgrades.base.v2"], "upgrades.base.v2 approved\n", "", 0);

        await Step(["rpkg", "upgrade", "upgrades.site.v1", "--workspace=v2", "--revision=7"], "", "Error: revision 7 does not exist for package site \n", 1);
        await Step(["rpkg", "upgrade", "upgrades.site.nope", "--workspace=v2"], "", "Error: could not find package revision upgrades.site.nope \n", 1);
        await Step(["rpkg", "upgrade", "upgrades.base.v1", "--workspace=v3"], "",
            "Error: upstream source not found for package revision \"base\": no clone or upgrade type package revision was found in the history of the package \n", 1);
        await Step(["rpkg", "upgrade", "upgrades.site.v1", "--workspace=v2"], "upgrades.site.v1 upgraded to upgrades.site.v2\n", "", 0);

        var tasks = await server.RunAsync("rpkg", "get", "upgrades.site.v2", "-o", "custom-columns=OLD:.spec.tasks[0].upgrade.oldUpstreamRef.name,NEW:.spec.tasks[0].upgrade.newUpstreamRef.name,STRATEGY:.spec.tasks[0].upgrade.strategy", "--no-headers");
        Assert.True(tasks.ExitCode == 0, tasks.ToString());
        Assert.Equal("upgrades.base.v1   upgrades.base.v2   resource-merge", tasks.Stdout.Trim());

        // discover.go: the published upstream revisions newer than each downstream's upstream lock.
        await Step(["rpkg", "upgrade", "--discover=sideways"], "", "Error: argument for 'discover' must be one of 'upstream' or 'downstream' \n", 1);
        var upstream = await server.RunAsync("rpkg", "upgrade", "--discover=upstream", "upgrades.site.v1");
        var downstream = await server.RunAsync("rpkg", "upgrade", "--discover=downstream", "upgrades.base.v2");
        Assert.Equal("PACKAGE REVISION   UPSTREAM REPOSITORY   UPSTREAM UPDATES\nupgrades.site.v1   upgrades              v2\n", upstream.Stdout);
        Assert.Equal("", upstream.Stderr);

        // The branch's placeholder revision of site carries the same upstream lock, so it is listed too (as Porch lists it).
        Assert.Equal(
            "PACKAGE REVISION   DOWNSTREAM PACKAGE       DOWNSTREAM UPDATE\nupgrades.base.v2   upgrades.site.upgrades   v1->v2\nupgrades.base.v2   upgrades.site.v1         v1->v2\n",
            downstream.Stdout);
        await Step(["rpkg", "upgrade", "--discover=downstream", "upgrades.nothing.v9"], "All downstream packages are up to date.\n", "", 0);
        await Step(["rpkg", "upgrade", "--discover=upstream", "upgrades.nothing.v9"], "", "Error: errors:\n  could not find package revision upgrades.nothing.v9 \n", 1);
    }
}
