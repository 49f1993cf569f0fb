using Porch.Tests.Shared;

namespace Porch.Cli.Tests;

/// <summary>The package <c>dotnet pack</c> makes installs as a dotnet tool from a local folder and runs.</summary>
[Trait("Category", "Integration")]
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Pack_InstallFromLocalSource_PorchctlHelpRuns()
    {
        var configuration = Porchctl.Dll.Contains("/release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var work = Directory.CreateTempSubdirectory("porchctl-tool-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var tools = Path.Combine(work, "tools");
            var project = Path.Combine(TestPaths.RepoRoot(), "src", "Porch.Cli", "Porch.Cli.csproj");
            Conformance.Run("dotnet", work, "pack", project, "--no-build", "-c", configuration, "-o", packages);
            Assert.True(File.Exists(Path.Combine(packages, "Porch.Cli.0.1.0.nupkg")), "no Porch.Cli package in " + packages);
            Conformance.Run("dotnet", work, "tool", "install", "--tool-path", tools, "--add-source", packages, "Porch.Cli", "--version", "0.1.0");
            var help = Conformance.Run(Path.Combine(tools, "porchctl"), work, "--help");
            Assert.Contains("Usage:\n  porchctl [command] [options]", help);
            foreach (var verb in new[] { "fn", "pkg", "repo", "rpkg" })
            {
                // A command line of the help: its name among its aliases ("repo, repository"), then its description.
                Assert.Matches(@"\n  ([\w-]+, )*" + verb + @"(, [\w-]+)* ", help);
            }

            var rpkgHelp = Conformance.Run(Path.Combine(tools, "porchctl"), work, "rpkg", "--help");
            foreach (var verb in new[] { "init", "clone", "copy", "upgrade", "get", "pull", "push", "propose", "approve", "reject", "propose-delete", "delete" })
            {
                Assert.Contains(verb, rpkgHelp);
            }

            await Task.CompletedTask;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
