using Porch.Tests.Shared;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>Runs the git CLI for tests (never through the code under test).</summary>
internal static class TestGit
{
    public static string Run(string workDir, params string[] args) => Conformance.Git(workDir, args);

    public static string[] Lines(string workDir, params string[] args) =>
        Run(workDir, args).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Creates an empty bare repository in a new temporary folder.</summary>
    public static string InitBare()
    {
        var dir = Directory.CreateTempSubdirectory("porch-git-remote-").FullName;
        Run(dir, "init", "--bare", "--quiet", "--initial-branch=main");
        return dir;
    }

    /// <summary>Every ref of a repository as <c>&lt;name&gt; &lt;sha&gt;</c> lines, sorted.</summary>
    public static string[] Refs(string gitDir) =>
        Lines(gitDir, "for-each-ref", "--format=%(refname) %(objectname)").Order(StringComparer.Ordinal).ToArray();

    public static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort in a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
