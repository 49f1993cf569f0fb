namespace Porch.Cli.Tests;

/// <summary>kpt's <c>fn render --output</c> (commands/fn/render/cmdrender.go) as <c>porchctl fn render -o</c>.</summary>
public sealed class FnRenderOutputTests
{
    private const string Kptfile = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: app\npipeline:\n  mutators:\n    - image: set-namespace:v0.4.1\n      configMap:\n        namespace: staging\n";

    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n";

    private static string NewPackage()
    {
        var work = Directory.CreateTempSubdirectory("porchctl-render-output-").FullName;
        Directory.CreateDirectory(Path.Combine(work, "app"));
        File.WriteAllText(Path.Combine(work, "app", "Kptfile"), Kptfile);
        File.WriteAllText(Path.Combine(work, "app", "deployment.yaml"), Deployment);
        File.WriteAllText(Path.Combine(work, "app", "README.md"), "# readme\n");
        return work;
    }

    /// <summary>cobra expands no response files: a package folder named <c>@app</c> is a path, not a file of arguments.</summary>
    [Fact]
    public async Task ArgumentStartingWithAt_IsAPath_NotAResponseFile()
    {
        var work = NewPackage();
        try
        {
            Directory.Move(Path.Combine(work, "app"), Path.Combine(work, "@app"));

            var result = await Porchctl.RunAsync(work, null, "fn", "render", "@app");

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("namespace: staging", File.ReadAllText(Path.Combine(work, "@app", "deployment.yaml")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>cmdrender.go preRunE: an output folder that already exists is refused before anything runs.</summary>
    [Fact]
    public async Task Output_ExistingFolder_RefusedWithKptText()
    {
        var work = NewPackage();
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "out"));

            var result = await Porchctl.RunAsync(work, null, "fn", "render", "app", "-o", "out");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("directory \"out\" already exists, please delete the directory and retry", result.Stderr, StringComparison.Ordinal);
            Assert.Equal(Deployment, File.ReadAllText(Path.Combine(work, "app", "deployment.yaml")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>executor.go Execute with Output set: the package is not written in place; the rendered resources go to the new folder.</summary>
    [Fact]
    public async Task Output_NewFolder_WritesRenderedResourcesAndLeavesPackage()
    {
        var work = NewPackage();
        try
        {
            var result = await Porchctl.RunAsync(work, null, "fn", "render", "app", "-o", "out");

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(Deployment, File.ReadAllText(Path.Combine(work, "app", "deployment.yaml")));
            Assert.Equal(Kptfile, File.ReadAllText(Path.Combine(work, "app", "Kptfile")));
            Assert.Contains("namespace: staging", File.ReadAllText(Path.Combine(work, "out", "deployment.yaml")), StringComparison.Ordinal);
            Assert.DoesNotContain("status:", File.ReadAllText(Path.Combine(work, "out", "Kptfile")), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(work, "out", "README.md")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
