using System.Text.RegularExpressions;

namespace Porch.Cli.Tests;

/// <summary>
/// Porch's rpkg-push and rpkg-pull-overwrite workflows (test/e2e/cli/testdata) and push/command.go's render report,
/// against samples/Server: each step's exact stdout, stderr and exit code.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class RpkgPushPullTests(PorchServerFixture server) : IClassFixture<PorchServerFixture>
{
    private const string Name = "push.test-package.push";
    private const string Image = "gcr.io/kpt-fn/set-namespace:v0.4.1";

    [Fact]
    public async Task RpkgPush_StdinAndFolder_PorchsTextsAndRenderReport()
    {
        await Step(["repo", "register", "--name=push", "--create-branch", "--branch=push", server.GitUrl], "", "", 0);
        await Step(["rpkg", "init", "--repository=push", "--workspace=push", "test-package"], $"{Name} created\n", "", 0);

        // pull/command.go writeToWriter: the files and .KptRevisionMetadata sorted by path, kyaml's reader annotations.
        var pulled = await server.RunAsync("rpkg", "pull", Name);
        Assert.True(pulled.ExitCode == 0 && pulled.Stderr == "", pulled.ToString());
        Assert.True(PulledList("sample description") == Normalize(pulled.Stdout), pulled.Stdout);

        // util.GetResourceVersion: no metadata item is refused before any call; an item without a resourceVersion is
        // the engine's error, wrapped by the registry's NewInternalError.
        var noMetadata = string.Join('\n', pulled.Stdout.Split('\n').Where(l => !l.Contains("KptRevisionMetadata", StringComparison.Ordinal)));
        var withoutItem = Regex.Replace(pulled.Stdout, @"- apiVersion: """"\n  kind: KptRevisionMetadata\n(    .*\n|  metadata:\n)*", "");
        await StepWithInput(withoutItem, ["rpkg", "push", Name], "",
            $"Error: \".KptRevisionMetadata\" not found in PackageRevisionResources 'default/{Name}'\nuse \"porchctl rpkg pull\" to download the remote package metadata before pushing \n", 1);
        Assert.NotEqual(noMetadata, pulled.Stdout);
        var withoutVersion = Regex.Replace(pulled.Stdout, @"    resourceVersion: .*\n", "");
        await StepWithInput(withoutVersion, ["rpkg", "push", Name], "", "Error: Internal error occurred: resourceVersion must be specified for an update \n", 1);

        // A folder push whose Kptfile runs set-namespace: the server's render results on stderr.
        var dir = Path.Combine(server.WorkDir, "push-dir");
        await Step(["rpkg", "pull", Name, dir], "", "", 0);
        var kptfile = Path.Combine(dir, "Kptfile");
        await File.AppendAllTextAsync(kptfile, $"pipeline:\n  mutators:\n  - image: {Image}\n    configMap:\n      namespace: example-ns\n");
        await File.WriteAllTextAsync(kptfile, (await File.ReadAllTextAsync(kptfile)).Replace("sample description", "Updated Test Package Description", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(dir, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n");
        await Step(["rpkg", "push", Name, dir], $"{Name} pushed\n",
            $"[RUNNING] \"{Image}\"\n[PASS] \"{Image}\"\n  Results:\n    [info]: namespace [default] updated to \"example-ns\", 1 value(s) changed\n    [info]: all `depends-on` annotations are up-to-date. no `namespace` changed\n", 0);

        // The first pull is stale now: Porch's registry wraps the engine's conflict in an internal error. "-" reads stdin too.
        await StepWithInput(pulled.Stdout, ["rpkg", "push", Name, "-"], "",
            $"Error: Internal error occurred: Operation cannot be fulfilled on packagerevisionresources.porch.kpt.dev \"{Name}\": the object has been modified; please apply your changes to the latest version and try again \n", 1);

        // A render failure is not pushed: the server's error, as porchctl prints it.
        await Step(["rpkg", "pull", Name, dir], "", "", 0);
        await File.WriteAllTextAsync(kptfile, (await File.ReadAllTextAsync(kptfile)).Replace(Image, "quay.io/invalid/nonexistent-fn:v0.0.1", StringComparison.Ordinal));
        var failed = await server.RunAsync("rpkg", "push", Name, dir);
        Assert.True(failed.ExitCode == 1 && failed.Stdout == "", failed.ToString());
        Assert.StartsWith("Error: Internal error occurred: error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally (until 'kpt fn render' succeeds) and retry. Details: ", failed.Stderr);
        Assert.EndsWith(" \n", failed.Stderr);
        Assert.Contains("quay.io/invalid/nonexistent-fn:v0.0.1", failed.Stderr);

        var after = await server.RunAsync("rpkg", "pull", Name);
        Assert.Contains("    description: Updated Test Package Description\n", after.Stdout);
        Assert.DoesNotContain("nonexistent-fn", after.Stdout);
    }

    [Fact]
    public async Task RpkgPull_ExistingFolder_OverwrittenOnlyForTheSamePackageOrForce()
    {
        await Step(["repo", "register", "--name=overwrite", "--create-branch", "--branch=overwrite", server.GitUrl], "", "", 0);
        await Step(["rpkg", "init", "--repository=overwrite", "--workspace=v1", "ow-package"], "overwrite.ow-package.v1 created\n", "", 0);
        var dir = Path.Combine(server.WorkDir, "overwrite");
        await Step(["rpkg", "pull", "overwrite.ow-package.v1", dir], "", "", 0);
        Assert.True(File.Exists(Path.Combine(dir, "package-context.yaml")));
        await File.WriteAllTextAsync(Path.Combine(dir, "stray.txt"), "left behind");

        // the same package (any workspace): the folder is replaced.
        await Step(["rpkg", "pull", "overwrite.ow-package.v1", dir], "", "", 0);
        Assert.False(File.Exists(Path.Combine(dir, "stray.txt")));

        await Step(["rpkg", "init", "--repository=overwrite", "--workspace=v1", "ow-package-2"], "overwrite.ow-package-2.v1 created\n", "", 0);
        await Step(["rpkg", "pull", "overwrite.ow-package-2.v1", dir], "",
            $"Error: directory \"{dir}\" already exists, please delete the directory and retry; you may overwrite the directory with --force \n", 1);
        await Step(["rpkg", "pull", "--force", "overwrite.ow-package-2.v1", dir], "", "", 0);
        Assert.Contains("name: overwrite.ow-package-2.v1", await File.ReadAllTextAsync(Path.Combine(dir, ".KptRevisionMetadata")));
    }

    private static string PulledList(string description) => $$"""
        apiVersion: config.kubernetes.io/v1
        kind: ResourceList
        items:
        - apiVersion: ""
          kind: KptRevisionMetadata
          metadata:
            creationTimestamp: "<time>"
            name: {{Name}}
            namespace: default
            resourceVersion: <rv>
            uid: <uid>
            annotations:
              config.kubernetes.io/index: "0"
              config.kubernetes.io/path: .KptRevisionMetadata
              internal.config.kubernetes.io/index: "0"
              internal.config.kubernetes.io/path: .KptRevisionMetadata
        - apiVersion: kpt.dev/v1
          kind: Kptfile
          metadata:
            name: test-package
            annotations:
              config.kubernetes.io/local-config: "true"
              config.kubernetes.io/index: "0"
              config.kubernetes.io/path: Kptfile
              internal.config.kubernetes.io/index: "0"
              internal.config.kubernetes.io/path: Kptfile
          info:
            description: {{description}}
          status:
            conditions:
            - type: Rendered
              status: "True"
              reason: RenderSuccess
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: kptfile.kpt.dev
            annotations:
              config.kubernetes.io/local-config: "true"
              config.kubernetes.io/index: "0"
              config.kubernetes.io/path: package-context.yaml
              internal.config.kubernetes.io/index: "0"
              internal.config.kubernetes.io/path: package-context.yaml
          data:
            name: example

        """;

    /// <summary>The values that change from run to run (creation time, resourceVersion, uid) as placeholders.</summary>
    private static string Normalize(string text)
    {
        text = Regex.Replace(text, @"creationTimestamp: ""[^""]+""", @"creationTimestamp: ""<time>""");
        text = Regex.Replace(text, @"resourceVersion: \S+", "resourceVersion: <rv>");
        return Regex.Replace(text, @"uid: \S+", "uid: <uid>");
    }

    private Task Step(string[] args, string stdout, string stderr, int exitCode) => StepWithInput(null, args, stdout, stderr, exitCode);

    private async Task StepWithInput(string? stdin, string[] args, string stdout, string stderr, int exitCode)
    {
        var result = await server.RunWithInputAsync(stdin, args);
        var context = $"porchctl {string.Join(' ', args)}\n{result}";
        Assert.True(stdout == result.Stdout, "stdout differs: " + context);
        Assert.True(stderr == result.Stderr, "stderr differs: " + context);
        Assert.True(exitCode == result.ExitCode, "exit code differs: " + context);
    }
}
