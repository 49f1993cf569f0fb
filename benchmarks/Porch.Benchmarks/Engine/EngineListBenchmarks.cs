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
/// Listing one package's revisions out of 10,000 (1,000 packages x 10 published revisions) through the engine
/// (filters, latest label, metadata, API objects), against the baseline of the repository's own filtered list.
/// </summary>
[MemoryDiagnoser]
public class EngineListBenchmarks
{
    private PorchTestHarness _harness = null!;
    private InMemoryRepository _repository = null!;
    private readonly PackageRevisionFilter _repositoryFilter = new() { PackageName = "pkg-0500" };
    private readonly PackageRevisionFilter _engineFilter = new() { Namespace = "default", PackageName = "pkg-0500" };

    [GlobalSetup]
    public async Task Setup()
    {
        _harness = PorchTestHarness.Create(b => b.Services.AddSingleton<IPackageRenderer>(new PassThroughRenderer()));
        _repository = _harness.Repositories.GetRepository(_harness.AddRepository("bench"));
        var files = new Dictionary<string, string> { ["Kptfile"] = "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n" };
        for (var p = 0; p < 1000; p++)
        {
            for (var r = 1; r <= 10; r++)
            {
                var draft = await _repository.CreatePackageRevisionDraftAsync(new PackageRevision
                {
                    Spec = new PackageRevisionSpec
                    {
                        PackageName = "pkg-" + p.ToString("D4", CultureInfo.InvariantCulture),
                        WorkspaceName = "v" + r.ToString(CultureInfo.InvariantCulture),
                    },
                });
                await draft.UpdateResourcesAsync(files, null);
                await draft.UpdateLifecycleAsync(PackageRevisionLifecycle.Published);
                await _repository.ClosePackageRevisionDraftAsync(draft, r);
            }
        }
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _harness.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<IPackageRevision>> RepositoryListByPackage() => _repository.ListPackageRevisionsAsync(_repositoryFilter);

    [Benchmark]
    public Task<IReadOnlyList<PackageRevision>> EngineListByPackage() => _harness.Engine.ListPackageRevisionsAsync(_engineFilter);
}
