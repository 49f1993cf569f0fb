using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Repository.Git;

namespace Porch.Benchmarks.Git;

/// <summary>
/// The Git adapter against a local bare remote, each operation beside its shell baseline (the same change made with
/// <c>git add; git commit; git push</c> from a working clone): create (init) + close, update 3 resources + close, approve,
/// and listing a repository of 1,000 published revisions cold (open: mirror + fetch, then list) and warm; once per
/// backend (<see cref="Backend"/>: libgit2 in process, the git executable), so both report side by side.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GitRepositoryBenchmarks
{
    private const string Kptfile = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {0}\ninfo:\n  description: {0} description\n";
    private string _root = "";
    private string _remote = "";
    private string _listRemote = "";
    private string _work = "";
    private int _counter;
    private GitRepositoryAdapter _adapter = null!;
    private IRepository _repository = null!;
    private IRepository _listRepository = null!;
    private IPackageRevision _updateTarget = null!;
    private IPackageRevision _proposed = null!;
    private string _shellProposed = "";

    /// <summary>Gets or sets the adapter's Git backend (the shell baselines do not depend on it).</summary>
    [Params(GitBackendKind.LibGit2Sharp, GitBackendKind.Cli)]
    public GitBackendKind Backend { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Directory.CreateTempSubdirectory("porch-git-bench-").FullName;
        _remote = Path.Combine(_root, "remote.git");
        _listRemote = Path.Combine(_root, "list.git");
        _work = Path.Combine(_root, "work");
        Shell(_root, "git init -q --bare --initial-branch=main remote.git && git init -q --bare --initial-branch=main list.git");
        BuildListRemote(_listRemote, packages: 100, revisionsPerPackage: 10);
        _adapter = NewAdapter(Path.Combine(_root, "cache"), Backend);
        _repository = await _adapter.OpenRepositoryAsync(Describe(_remote, createBranch: true));
        _listRepository = await _adapter.OpenRepositoryAsync(Describe(_listRemote, createBranch: false));
        await _listRepository.ListPackageRevisionsAsync(PackageRevisionFilter.All);
        Shell(_root, $"git clone -q {_remote} work && git -C work config user.name bench && git -C work config user.email bench@example.com");
        _updateTarget = await CreateAsync("update-target");
        Shell(_work, "mkdir -p shell-update && printf 'x' > shell-update/Kptfile && git add -A && git commit -q -m init && git push -q origin HEAD:refs/heads/drafts/shell-update/ws");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _repository.DisposeAsync();
        await _listRepository.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [BenchmarkCategory("Create"), Benchmark(Baseline = true, Description = "shell: add + commit + push")]
    public void CreateShell()
    {
        var name = Next("s");
        Shell(_work, $"mkdir {name} && printf '{string.Format(CultureInfo.InvariantCulture, Kptfile, name).Replace("\n", "\\n", StringComparison.Ordinal)}' > {name}/Kptfile && printf '# {name}\\n' > {name}/README.md && git add {name} && git commit -q -m 'Creating new empty revision' && git push -q origin HEAD:refs/heads/drafts/{name}/ws1");
    }

    [BenchmarkCategory("Create"), Benchmark(Description = "adapter: create (init) + close")]
    public Task<IPackageRevision> Create() => CreateAsync(Next("p"));

    [BenchmarkCategory("Update"), Benchmark(Baseline = true, Description = "shell: 3 files + commit + push")]
    public void UpdateShell()
    {
        var n = Next("u");
        Shell(_work, $"printf '{n}' > shell-update/a.yaml && printf '{n}' > shell-update/b.yaml && printf '{n}' > shell-update/c.yaml && git add shell-update && git commit -q -m 'Intermediate commit' && git push -q origin HEAD:refs/heads/drafts/shell-update/ws");
    }

    [BenchmarkCategory("Update"), Benchmark(Description = "adapter: update 3 files + close")]
    public async Task UpdateResources()
    {
        var n = Next("u");
        var draft = await _repository.UpdatePackageRevisionAsync(_updateTarget);
        var files = new Dictionary<string, string>(draft.Resources, StringComparer.Ordinal) { ["a.yaml"] = n, ["b.yaml"] = n, ["c.yaml"] = n };
        await draft.UpdateResourcesAsync(files, null);
        _updateTarget = await _repository.ClosePackageRevisionDraftAsync(draft, 0);
    }

    [IterationSetup(Target = nameof(ApproveShell))]
    public void PrepareShellApproval()
    {
        _shellProposed = Next("a");
        Shell(_work, $"git checkout -q -B tmp origin/main 2>/dev/null || git checkout -q -B tmp main; mkdir {_shellProposed} && printf 'x' > {_shellProposed}/Kptfile && git add {_shellProposed} && git commit -q -m proposed && git push -q origin HEAD:refs/heads/proposed/{_shellProposed}/ws1 && git fetch -q origin main && git checkout -q -B main origin/main");
    }

    [BenchmarkCategory("Approve"), Benchmark(Baseline = true, Description = "shell: merge commit + tag + push")]
    public void ApproveShell()
    {
        var p = _shellProposed;
        Shell(_work, $"git merge -q --no-ff -m 'Approving package revision {p}/1' tmp && git tag {p}/v1 && git push -q --atomic origin main {p}/v1 :refs/heads/proposed/{p}/ws1");
    }

    [IterationSetup(Target = nameof(Approve))]
    public void PrepareApproval()
    {
        // BenchmarkDotNet runs [IterationSetup] synchronously; blocking here is outside the measured code.
        var draft = CreateAsync(Next("a")).GetAwaiter().GetResult(); // [IterationSetup] is synchronous; not measured.
        _proposed = MoveAsync(draft, PackageRevisionLifecycle.Proposed, 0).GetAwaiter().GetResult();
    }

    [BenchmarkCategory("Approve"), Benchmark(Description = "adapter: approve (merge + tag + delete, one push)")]
    public Task<IPackageRevision> Approve() => MoveAsync(_proposed, PackageRevisionLifecycle.Published, 1);

    [BenchmarkCategory("ListCold"), Benchmark(Baseline = true, Description = "shell: clone + for-each-ref + log (1,000 tags)")]
    public void ListColdShell() =>
        Shell(_root, $"git clone -q --bare {_listRemote} cold.git && git -C cold.git for-each-ref refs/tags >/dev/null && git -C cold.git log --all --format=%B >/dev/null; rm -rf cold.git");

    [BenchmarkCategory("ListCold"), Benchmark(Description = "adapter: open + list 1,000 published")]
    public async Task<int> ListCold()
    {
        var adapter = NewAdapter(Path.Combine(_root, "cold-cache"), Backend);
        var repository = await adapter.OpenRepositoryAsync(Describe(_listRemote, createBranch: false));
        await using (repository.ConfigureAwait(false))
        {
            return (await repository.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Count;
        }
    }

    [BenchmarkCategory("ListWarm"), Benchmark(Baseline = true, Description = "shell: for-each-ref (1,000 tags)")]
    public void ListWarmShell() => Shell(_listRemote, "git for-each-ref refs/tags >/dev/null");

    [BenchmarkCategory("ListWarm"), Benchmark(Description = "adapter: list 1,000 published (warm)")]
    public async Task<int> ListWarm() => (await _listRepository.ListPackageRevisionsAsync(PackageRevisionFilter.All)).Count;

    internal static GitRepositoryAdapter NewAdapter(string cache, GitBackendKind backend = GitBackendKind.LibGit2Sharp) =>
        new(Options.Create(new GitRepositoryOptions { CacheDirectory = cache, Backend = backend }), NullLoggerFactory.Instance, TimeProvider.System, [], []);

    internal static Porch.Engine.Api.Repository Describe(string url, bool createBranch) => new()
    {
        Metadata = new ObjectMeta { Namespace = "default", Name = "bench" },
        Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = url, Branch = "main", CreateBranch = createBranch } },
    };

    private async Task<IPackageRevision> CreateAsync(string name)
    {
        var draft = await _repository.CreatePackageRevisionDraftAsync(new PackageRevision { Spec = new PackageRevisionSpec { PackageName = name, WorkspaceName = "ws1" } });
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kptfile"] = string.Format(CultureInfo.InvariantCulture, Kptfile, name),
            ["README.md"] = "# " + name + "\n",
        };
        await draft.UpdateResourcesAsync(files, new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec { Description = name + " description" } });
        return await _repository.ClosePackageRevisionDraftAsync(draft, 0);
    }

    private async Task<IPackageRevision> MoveAsync(IPackageRevision revision, PackageRevisionLifecycle lifecycle, int number)
    {
        var draft = await _repository.UpdatePackageRevisionAsync(revision);
        await draft.UpdateLifecycleAsync(lifecycle);
        return await _repository.ClosePackageRevisionDraftAsync(draft, number);
    }

    private string Next(string prefix) => prefix + (++_counter).ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    // 100 packages x 10 revisions in Porch's layout (draft commit with a kpt annotation, two-parent approval, tag),
    // written by one git fast-import.
    internal static void BuildListRemote(string gitDir, int packages, int revisionsPerPackage)
    {
        var script = new StringBuilder();
        var mark = 0;
        var main = 0;
        var time = 1_700_000_000L;
        for (var r = 1; r <= revisionsPerPackage; r++)
        {
            for (var p = 0; p < packages; p++)
            {
                var pkg = "pkg" + p.ToString("000", CultureInfo.InvariantCulture);
                var ws = "ws" + r.ToString(CultureInfo.InvariantCulture);
                var task = r == 1 ? "{\"type\":\"init\",\"init\":{\"description\":\"d\"}}" : "{\"type\":\"edit\",\"edit\":{\"sourceRef\":{\"name\":\"x\"}}}";
                var draftMessage = $"Creating new empty revision\n\n\nkpt:{{\"package\":\"{pkg}\",\"workspaceName\":\"{ws}\",\"revision\":\"0\",\"task\":{task}}}\n";
                // The approval's tree is the draft's (the draft starts from the current branch tip): same changes again.
                var changes = $"M 100644 inline {pkg}/Kptfile\ndata <<EOF\napiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {pkg}\nEOF\nM 100644 inline {pkg}/cm.yaml\ndata <<EOF\nrevision: {r}\nEOF\n";
                var draft = ++mark;
                Commit(script, "refs/scratch/drafts", draft, time++, draftMessage, main == 0 ? null : main, null, changes);
                var approval = ++mark;
                var approvalMessage = $"Approving package revision {pkg}/{r}\n\nkpt:{{\"package\":\"{pkg}\",\"workspaceName\":\"{ws}\",\"revision\":\"{r}\"}}\n";
                Commit(script, "refs/heads/main", approval, time++, approvalMessage, main == 0 ? null : main, draft, changes);
                script.Append(CultureInfo.InvariantCulture, $"reset refs/tags/{pkg}/v{r}\nfrom :{approval}\n\n");
                main = approval;
            }
        }

        var psi = new ProcessStartInfo("git", ["fast-import", "--quiet"]) { WorkingDirectory = gitDir, RedirectStandardInput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        process.StandardInput.Write(script.ToString());
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("git fast-import failed");
        }
    }

    private static void Commit(StringBuilder script, string refName, int mark, long time, string message, int? from, int? merge, string changes)
    {
        var bytes = Encoding.UTF8.GetByteCount(message);
        script.Append(CultureInfo.InvariantCulture, $"commit {refName}\nmark :{mark}\nauthor Porch <porch@kpt.dev> {time} +0000\ncommitter Porch <porch@kpt.dev> {time} +0000\ndata {bytes}\n{message}\n");
        if (from is { } f)
        {
            script.Append(CultureInfo.InvariantCulture, $"from :{f}\n");
        }

        if (merge is { } m)
        {
            script.Append(CultureInfo.InvariantCulture, $"merge :{m}\n");
        }

        script.Append(changes).Append('\n');
    }

    internal static void Shell(string workDir, string command)
    {
        var psi = new ProcessStartInfo("sh", ["-c", command]) { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"shell command failed ({process.ExitCode}): {command}\n{error}");
        }
    }
}
