using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Krm.Rendering;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Benchmarks.Engine;

/// <summary>
/// Engine overhead on the in-memory repository: create (init), update resources (3 files) and approve, against the
/// baseline of the same repository work done directly through <see cref="IRepository"/> (draft, one commit, close).
/// Every iteration starts from a fresh repository; each invocation works on its own package.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(128)]
public class EngineOperationBenchmarks
{
    private const string Ns = "default";
    private static readonly Dictionary<string, string> InitFiles = new(StringComparer.Ordinal)
    {
        ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n",
        ["README.md"] = "# pkg\n",
        ["package-context.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kptfile.kpt.dev\ndata:\n  name: example\n",
    };

    private PorchTestHarness _harness = null!;
    private InMemoryRepository _repository = null!;
    private PackageRevisionResources _resources = null!;
    private int _next;

    [IterationSetup]
    public void IterationSetup()
    {
        // BenchmarkDotNet runs [IterationSetup] synchronously; blocking here is outside the measured code.
        _harness?.DisposeAsync().AsTask().GetAwaiter().GetResult(); // [IterationSetup] is synchronous in BenchmarkDotNet; not measured.
        _harness = PorchTestHarness.Create(b => b.Services.AddSingleton<IPackageRenderer>(new PassThroughRenderer()));
        var repositoryObject = _harness.AddRepository("bench");
        _repository = _harness.Repositories.GetRepository(repositoryObject);
        _next = 0;
        var draft = _harness.Engine.CreatePackageRevisionAsync(Revision("edited", "v1")).GetAwaiter().GetResult();
        _resources = _harness.Engine.GetPackageRevisionResourcesAsync(Ns, draft.Metadata.Name!).GetAwaiter().GetResult();
        for (var i = 0; i < 128; i++)
        {
            var pr = _harness.Engine.CreatePackageRevisionAsync(Revision(Name("approve", i), "v1")).GetAwaiter().GetResult();
            _harness.Engine.ProposeAsync(Ns, pr.Metadata.Name!).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    /// <summary>The floor: a draft with one commit, closed, straight on the repository.</summary>
    [Benchmark(Baseline = true)]
    public async Task<IPackageRevision> RepositoryCreateAndClose()
    {
        var draft = await _repository.CreatePackageRevisionDraftAsync(Revision(Name("raw", _next++), "v1"));
        await draft.UpdateResourcesAsync(InitFiles, new TaskSpec { Type = TaskType.Init, Init = new PackageInitTaskSpec() });
        return await _repository.ClosePackageRevisionDraftAsync(draft, 0);
    }

    [Benchmark]
    public Task<PackageRevision> CreateInit() => _harness.Engine.CreatePackageRevisionAsync(Revision(Name("init", _next++), "v1"));

    [Benchmark]
    public async Task<PackageRevisionResources> UpdateResourcesThreeFiles()
    {
        var n = (_next++).ToString(CultureInfo.InvariantCulture);
        _resources.Spec.Resources["a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  n: \"" + n + "\"\n";
        _resources.Spec.Resources["b.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  n: \"" + n + "\"\n";
        _resources.Spec.Resources["c.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  n: \"" + n + "\"\n";
        var updated = await _harness.Engine.UpdatePackageRevisionResourcesAsync(_resources);
        _resources.Metadata.ResourceVersion = updated.Metadata.ResourceVersion;
        return updated;
    }

    [Benchmark]
    public Task<PackageRevision> Approve() => _harness.Engine.ApproveAsync(Ns, "bench." + Name("approve", _next++) + ".v1");

    private static string Name(string prefix, int i) => prefix + "-" + i.ToString(CultureInfo.InvariantCulture);

    private static PackageRevision Revision(string package, string workspace) => new()
    {
        Metadata = new ObjectMeta { Namespace = Ns },
        Spec = new PackageRevisionSpec { Repository = "bench", PackageName = package, WorkspaceName = workspace },
    };
}
