using System.Text.RegularExpressions;

namespace Porch.Cli.Tests;

/// <summary>
/// porchctl's rpkg-lifecycle transcript (spec/porch-engine.md 10.2, 11) against samples/Server and a repository served
/// by git daemon: each step's exact stdout, stderr and exit code.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class RpkgLifecycleTests(PorchServerFixture server) : IClassFixture<PorchServerFixture>
{
    private const string Name = "git.lifecycle-package.lifecycle";
    private const string Header = "NAME                              PACKAGE             WORKSPACENAME   REVISION   LATEST   LIFECYCLE";

    [Fact]
    public async Task Lifecycle_RegisterInitPushProposeRejectApproveCopyDelete_PrintsPorchctlTranscript()
    {
        await Step(["repo", "register", "--name=git", "--create-branch", server.GitUrl], "", "", 0);
        await Step(["repo", "get", "git", "--no-headers", "--output=custom-columns=NAME:.metadata.name,ADDRESS:.spec.git.repo,BRANCH:.spec.git.branch,DIR:.spec.git.directory"],
            $"git   {server.GitUrl}   main   /\n", "", 0);
        await Step(["rpkg", "init", "--repository=git", "--workspace=lifecycle", "lifecycle-package"], $"{Name} created\n", "", 0);
        await Step(["rpkg", "get", Name], Table("0", "false", "Draft"), "", 0);

        // pull: a ResourceList whose first item is the KptRevisionMetadata.
        var pulled = await server.RunAsync("rpkg", "pull", Name);
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.StartsWith("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: \"\"\n  kind: KptRevisionMetadata\n  metadata:\n    creationTimestamp: ", pulled.Stdout);
        Assert.Contains("    name: " + Name + "\n    namespace: default\n", pulled.Stdout);
        Assert.Contains("    annotations:\n      config.kubernetes.io/index: \"0\"\n      config.kubernetes.io/path: .KptRevisionMetadata\n", pulled.Stdout);
        Assert.Contains("  kind: Kptfile\n", pulled.Stdout);
        Assert.Contains("description: sample description", pulled.Stdout);
        Assert.Equal("", pulled.Stderr);

        // push an edited resource from a folder, then read it back.
        var dir = Path.Combine(server.WorkDir, "pulled");
        await Step(["rpkg", "pull", Name, dir], "", "", 0);
        Assert.True(File.Exists(Path.Combine(dir, ".KptRevisionMetadata")));
        var kptfile = Path.Combine(dir, "Kptfile");
        await File.WriteAllTextAsync(kptfile, (await File.ReadAllTextAsync(kptfile)).Replace("description: sample description", "description: edited by porchctl"));
        await File.WriteAllTextAsync(Path.Combine(dir, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n");
        await Step(["rpkg", "push", Name, dir], $"{Name} pushed\n", "", 0);
        var repulled = await server.RunAsync("rpkg", "pull", Name);
        Assert.Contains("description: edited by porchctl", repulled.Stdout);
        Assert.Contains("  data:\n    color: blue\n", repulled.Stdout);

        // the first pull is stale now: pushing it again is Porch's conflict.
        var stale = await server.RunWithInputAsync(pulled.Stdout, "rpkg", "push", Name);
        Assert.Equal(1, stale.ExitCode);
        Assert.Equal("", stale.Stdout);
        Assert.Equal($"Error: Internal error occurred: Operation cannot be fulfilled on packagerevisionresources.porch.kpt.dev \"{Name}\": the object has been modified; please apply your changes to the latest version and try again \n", stale.Stderr);

        await Step(["rpkg", "propose", Name], $"{Name} proposed\n", "", 0);
        await Step(["rpkg", "propose", Name], "", $"{Name} is already proposed\n", 0);
        var notPublished = $"can only propose published packages for deletion; package {Name} is not published";
        await Step(["rpkg", "propose-delete", Name], "", $"{Name} failed ({notPublished})\nError: errors:\n  {notPublished} \n", 1);
        await Step(["rpkg", "get", Name, "--output=custom-columns=NAME:.metadata.name,PKG:.spec.packageName,REV:.spec.revision,LIFECYCLE:.spec.lifecycle"],
            $"NAME                              PKG                 REV      LIFECYCLE\n{Name}   lifecycle-package   <none>   Proposed\n", "", 0);
        await Step(["rpkg", "reject", Name], $"{Name} no longer proposed for approval\n", "", 0);
        await Step(["rpkg", "get", Name], Table("0", "false", "Draft"), "", 0);
        await Step(["rpkg", "propose", Name], $"{Name} proposed\n", "", 0);
        await Step(["rpkg", "approve", Name], $"{Name} approved\n", "", 0);
        await Step(["rpkg", "get", Name], Table("1", "true", "Published"), "", 0);

        await Step(["rpkg", "copy", Name, "--workspace=v2"], "git.lifecycle-package.v2 created\n", "", 0);

        var mustPropose = $"packagerevisions.porch.kpt.dev \"{Name}\" is forbidden: published PackageRevisions must be proposed for deletion by setting spec.lifecycle to 'DeletionProposed' prior to deletion";
        await Step(["rpkg", "delete", Name], "", $"{Name} failed ({mustPropose})\nError: errors:\n  {mustPropose} \n", 1);
        await Step(["rpkg", "propose-delete", Name], $"{Name} proposed for deletion\n", "", 0);
        await Step(["rpkg", "propose-delete", Name], "", $"{Name} is already proposed for deletion\n", 0);
        await Step(["rpkg", "get", Name], Table("1", "true", "DeletionProposed"), "", 0);
        await Step(["rpkg", "reject", Name], $"{Name} no longer proposed for deletion\n", "", 0);
        var cannotReject = $"cannot reject {Name} with lifecycle 'Published'";
        await Step(["rpkg", "reject", Name], "", $"{Name} failed ({cannotReject})\nError: errors:\n  {cannotReject} \n", 1);
        await Step(["rpkg", "propose-delete", Name], $"{Name} proposed for deletion\n", "", 0);
        await Step(["rpkg", "delete", Name], $"{Name} deleted\n", "", 0);
        await Step(["rpkg", "get", Name], "", $"Error: the server could not find the requested resource (get packagerevisions.porch.kpt.dev {Name}) \n", 1);
    }

    [Fact]
    public async Task Errors_UnreachableServerAndBadToken_OneLineAndExitCode1()
    {
        var unreachable = await Porchctl.RunAsync(server.WorkDir, null, "rpkg", "get", "--server", "https://127.0.0.1:1", "--insecure-skip-tls-verify");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Equal("", unreachable.Stdout);
        Assert.Matches(UnreachableLine(), unreachable.Stderr);

        var unauthorized = await Porchctl.RunAsync(server.WorkDir, null, "rpkg", "get", "--server", server.Address, "--token", "wrong", "--insecure-skip-tls-verify");
        Assert.Equal(1, unauthorized.ExitCode);
        Assert.Equal("Error: Unauthorized \n", unauthorized.Stderr);

        var missing = await server.RunAsync("rpkg", "propose", "git.nothing.here");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("git.nothing.here failed (the server could not find the requested resource (get packagerevisions.porch.kpt.dev git.nothing.here))\nError: errors:\n  the server could not find the requested resource (get packagerevisions.porch.kpt.dev git.nothing.here) \n", missing.Stderr);
        Assert.DoesNotContain("   at ", unreachable.Stderr + unauthorized.Stderr + missing.Stderr, StringComparison.Ordinal);

        var verbose = await Porchctl.RunAsync(server.WorkDir, null, "rpkg", "get", "--server", "https://127.0.0.1:1", "--insecure-skip-tls-verify", "-v");
        Assert.Contains("   at ", verbose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_SamePackageTwice_PrintsPorchsError()
    {
        await Step(["repo", "register", "--name=twice", "--create-branch", server.GitUrl, "--branch=twice"], "", "", 0);
        await Step(["rpkg", "init", "--repository=twice", "--workspace=init-1", "init-package"], "twice.init-package.init-1 created\n", "", 0);
        await Step(["rpkg", "init", "--repository=twice", "--workspace=init-2", "init-package"], "",
            "Error: Internal error occurred: package \"init-package\" already exists in repository \"twice\" \n", 1);
    }

    [Fact]
    public async Task Kubeconfig_ServerTokenNamespaceAndTls_AreRead()
    {
        var path = Path.Combine(server.WorkDir, "kubeconfig");
        await File.WriteAllTextAsync(path, $$"""
            apiVersion: v1
            kind: Config
            current-context: porch
            clusters:
            - name: local
              cluster:
                server: {{server.Address}}
                insecure-skip-tls-verify: true
            users:
            - name: alice
              user:
                token: {{PorchServerFixture.Token}}
            contexts:
            - name: porch
              context:
                cluster: local
                user: alice
                namespace: elsewhere
            """);
        var result = await Porchctl.RunAsync(server.WorkDir, null, "repo", "get", "--kubeconfig", path, "-o", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"kind\": \"List\"", result.Stdout);
        Assert.DoesNotContain("\"name\": \"git\"", result.Stdout);

        var defaultNamespace = await Porchctl.RunAsync(server.WorkDir, null, "repo", "get", "--kubeconfig", path, "-n", "default", "--no-headers", "-o", "custom-columns=NAME:.metadata.name");
        Assert.True(defaultNamespace.ExitCode == 0, defaultNamespace.ToString());
        Assert.DoesNotContain("<none>", defaultNamespace.Stdout);

        var missing = await Porchctl.RunAsync(server.WorkDir, null, "repo", "get", "--kubeconfig", Path.Combine(server.WorkDir, "absent"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("Error: cannot read kubeconfig ", missing.Stderr);
    }

    private static string Table(string revision, string latest, string lifecycle)
    {
        var row = $"{Name}   lifecycle-package   lifecycle       {revision.PadRight(8)}   {latest.PadRight(6)}   {lifecycle.PadRight(Math.Max(9, lifecycle.Length))}   git";
        var header = Header + new string(' ', Math.Max(9, lifecycle.Length) - 9) + "   REPOSITORY";
        return header + "\n" + row + "\n";
    }

    private async Task Step(string[] args, string stdout, string stderr, int exitCode)
    {
        var result = await server.RunAsync(args);
        var context = $"porchctl {string.Join(' ', args)}\n{result}";
        Assert.True(stdout == result.Stdout, "stdout differs: " + context);
        Assert.True(stderr == result.Stderr, "stderr differs: " + context);
        Assert.True(exitCode == result.ExitCode, "exit code differs: " + context);
    }

    [GeneratedRegex(@"^Error: Unable to connect to the server https://127\.0\.0\.1:1: .+ \n$")]
    private static partial Regex UnreachableLine();
}
