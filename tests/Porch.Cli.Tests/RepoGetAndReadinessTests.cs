namespace Porch.Cli.Tests;

/// <summary>
/// Porch's repo get (options.Get's -A/--all-namespaces with kubectl's NAMESPACE column, READY from the Repository's
/// Ready condition) and the rpkg-unready workflow (propose and approve check the readiness gates first), against
/// samples/Server: exact stdout, stderr and exit code.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RepoGetAndReadinessTests(PorchServerFixture server) : IClassFixture<PorchServerFixture>
{
    [Fact]
    public async Task RepoGet_AllNamespaces_NamespaceColumnAndReadyFromConditions()
    {
        await Step(["repo", "register", "--name=alpha", "--create-branch", "--branch=alpha", server.GitUrl], "", "", 0);
        var other = await Porchctl.RunAsync(server.WorkDir, null, "repo", "register", "--name=beta", "--create-branch", "--branch=beta", server.GitUrl, "--server", server.Address, "--token", PorchServerFixture.Token, "--insecure-skip-tls-verify", "-n", "other");
        Assert.True(other.ExitCode == 0 && other.Stdout == "" && other.Stderr == "", other.ToString());
        var all = await server.RunAsync("repo", "get", "-A");
        Assert.True(all.ExitCode == 0 && all.Stderr == "", all.ToString());
        var lines = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAMESPACE   NAME +TYPE   CONTENT   DEPLOYMENT   READY   ADDRESS$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^default     alpha +git    Package   false        True    {System.Text.RegularExpressions.Regex.Escape(server.GitUrl)}$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^other       beta +git    Package   false        True    {System.Text.RegularExpressions.Regex.Escape(server.GitUrl)}$"));

        await Step(["repo", "get", "alpha", "-A"], "", "Error: a resource cannot be retrieved by name across all namespaces \n", 1);
    }

    [Fact]
    public async Task ProposeAndApprove_ReadinessGatesNotMet_RefusedWithPorchsText()
    {
        const string Name = "gates.unready.v1";
        await Step(["repo", "register", "--name=gates", "--create-branch", "--branch=gates", server.GitUrl], "", "", 0);
        await Step(["rpkg", "init", "--repository=gates", "--workspace=v1", "unready"], $"{Name} created\n", "", 0);
        var dir = Path.Combine(server.WorkDir, "unready");
        await Step(["rpkg", "pull", Name, dir], "", "", 0);
        var kptfile = Path.Combine(dir, "Kptfile");
        var original = await File.ReadAllTextAsync(kptfile);
        await File.WriteAllTextAsync(kptfile, original.Replace("  description: sample description\n", "  description: sample description\n  readinessGates:\n  - conditionType: example.com/ready\n", StringComparison.Ordinal));
        var pushed = await server.RunAsync("rpkg", "push", Name, dir);
        Assert.True(pushed.ExitCode == 0, pushed + "\n" + await File.ReadAllTextAsync(kptfile));

        const string NotMet = "readiness conditions not met";
        await Step(["rpkg", "propose", Name], "", $"{Name} failed ({NotMet})\nError: errors:\n  {NotMet} \n", 1);
        await Step(["rpkg", "approve", Name], "", $"{Name} failed ({NotMet})\nError: errors:\n  {NotMet} \n", 1);

        await Step(["rpkg", "pull", Name, dir], "", "", 0);
        var gated = await File.ReadAllTextAsync(kptfile);
        await File.WriteAllTextAsync(kptfile, gated.Replace("  conditions:\n    - ", "  conditions:\n    - type: example.com/ready\n      status: \"True\"\n    - ", StringComparison.Ordinal));
        pushed = await server.RunAsync("rpkg", "push", Name, dir);
        Assert.True(pushed.ExitCode == 0, pushed + "\n" + await File.ReadAllTextAsync(kptfile));
        await Step(["rpkg", "propose", Name], $"{Name} proposed\n", "", 0);
        await Step(["rpkg", "approve", Name], $"{Name} approved\n", "", 0);
    }

    private async Task Step(string[] args, string stdout, string stderr, int exitCode)
    {
        var result = await server.RunAsync(args);
        var context = $"porchctl {string.Join(' ', args)}\n{result}";
        Assert.True(stdout == result.Stdout, "stdout differs: " + context);
        Assert.True(stderr == result.Stderr, "stderr differs: " + context);
        Assert.True(exitCode == result.ExitCode, "exit code differs: " + context);
    }
}
