namespace Porch.Tests.Shared;

/// <summary>Where the repository checkout is, found from the test assembly's folder.</summary>
internal static class TestPaths
{
    /// <summary>Returns the folder that holds <c>Porch.Engine.sln</c>.</summary>
    /// <returns>The repository root.</returns>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Porch.Engine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Porch.Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
