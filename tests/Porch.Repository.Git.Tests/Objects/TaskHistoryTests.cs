using Porch.Engine.Api;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Objects;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Objects;

/// <summary>A revision's creating task, found by walking its history (or, when its one candidate is a parent, at once).</summary>
public sealed class TaskHistoryTests : IDisposable
{
    private const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private readonly string _work = Directory.CreateTempSubdirectory("porch-taskhistory-").FullName;

    public void Dispose() => TestGit.TryDelete(_work);

    [Fact]
    public async Task FindTasks_CandidateIsParentOrDeeper_TakesWhatTheWalkTakes()
    {
        var git = Path.Combine(_work, "h.git");
        TestGit.Run(_work, "init", "-q", "--bare", "--initial-branch=main", git);
        var root = Commit(git, "base", 1);
        var d1 = Commit(git, Draft("p", "ws1", "{\"type\":\"init\",\"init\":{\"description\":\"d\"}}"), 2, root);
        var a1 = Commit(git, "Approving\n\nkpt:{\"package\":\"p\",\"workspaceName\":\"ws1\",\"revision\":\"1\"}\n", 3, root, d1);
        var d2 = Commit(git, Draft("p", "ws2", "{\"type\":\"edit\",\"edit\":{\"sourceRef\":{\"name\":\"x\"}}}"), 4, a1);
        var a2 = Commit(git, "Approving\n", 5, a1, d2);
        var d3 = Commit(git, Draft("p", "ws3", "{\"type\":\"edit\",\"edit\":{\"sourceRef\":{\"name\":\"x\"}}}") + Draft("p", "ws3", "{\"type\":\"clone\",\"clone\":{}}"), 6, a2);
        var other = Commit(git, Draft("q", "ws1", "{\"type\":\"init\",\"init\":{}}"), 7, d3);

        await using var backend = new LibGit2Backend(new GitProcessRunner(new Porch.Repository.Git.GitRepositoryOptions()), git, new CacheFolder(_work));
        var store = new ObjectStore(backend);
        await store.EnsureHistoryAsync([other], CancellationToken.None);
        var history = new TaskHistory(store, store.CachedCommits.ToList());

        Assert.Equal(TaskType.Init, Assert.Single(history.FindTasks(a1, "p", "ws1")).Type);   // the draft is the approval's parent
        Assert.Equal(TaskType.Init, Assert.Single(history.FindTasks(d1, "p", "ws1")).Type);   // the start itself
        Assert.Equal(TaskType.Edit, Assert.Single(history.FindTasks(a2, "p", "ws2")).Type);   // a parent, not a starting task
        Assert.Equal(TaskType.Init, Assert.Single(history.FindTasks(a2, "p", "ws1")).Type);   // deeper: walked
        Assert.Empty(history.FindTasks(root, "p", "ws1"));                                    // not reachable
        Assert.Empty(history.FindTasks(a1, "p", "ws9"));                                      // no candidate
        Assert.Equal(TaskType.Clone, Assert.Single(history.FindTasks(other, "p", "ws3")).Type); // the starting one of a commit wins
        Assert.Equal(TaskType.Clone, Assert.Single(history.FindTasks(d3, "p", "ws3")).Type);
    }

    private static string Draft(string package, string workspace, string task) =>
        $"Draft\n\nkpt:{{\"package\":\"{package}\",\"workspaceName\":\"{workspace}\",\"revision\":\"0\",\"task\":{task}}}\n";

    private static string Commit(string git, string message, int second, params string[] parents)
    {
        var args = new List<string> { "-c", "user.name=t", "-c", "user.email=t@example.com", "commit-tree", EmptyTree };
        foreach (var parent in parents)
        {
            args.AddRange(["-p", parent]);
        }

        args.AddRange(["-m", message]);
        var time = (1_700_000_000 + second).ToString(System.Globalization.CultureInfo.InvariantCulture) + " +0000";
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = git, RedirectStandardOutput = true, UseShellExecute = false };
        args.ForEach(psi.ArgumentList.Add);
        psi.Environment["GIT_COMMITTER_DATE"] = time; // (per process: tests run in parallel)
        psi.Environment["GIT_AUTHOR_DATE"] = time;
        using var process = System.Diagnostics.Process.Start(psi)!;
        var id = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return id;
    }
}
