using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Benchmarks.Engine;
using Porch.Engine;
using Porch.Engine.Api;
using Porch.Krm.Rendering;
using Porch.Engine.Repositories;
using Porch.Testing;

namespace Porch.Benchmarks.Api;

/// <summary>
/// The HTTP surface's overhead: listing 1,000 package revisions and creating one through <c>MapPorchApi()</c> on
/// loopback (Kestrel, HTTP/1.1, JSON), beside the same engine calls in process (the baselines).
/// </summary>
[MemoryDiagnoser]
public class ApiBenchmarks
{
    private const string Revisions = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private IPorchEngine _engine = null!;
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IPackageRenderer>(new PassThroughRenderer());
        builder.Services.AddPorchEngine().WithRepositoryAdapter<InMemoryRepositoryAdapter>().WithWatch();
        _app = builder.Build();
        _app.MapPorchApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(address) };
        _engine = _app.Services.GetRequiredService<IPorchEngine>();
        _app.Services.GetRequiredService<RepositoryRegistry>().AddOrUpdate(new Porch.Engine.Api.Repository
        {
            Metadata = new ObjectMeta { Namespace = "default", Name = "bench" },
            Spec = new RepositorySpec { Type = RepositoryType.Git, Git = new GitRepository { Repo = "memory://bench", Branch = "main" } },
        });
        for (var i = 0; i < 1000; i++)
        {
            await _engine.CreatePackageRevisionAsync(Revision("list-" + i.ToString("D4", CultureInfo.InvariantCulture)));
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<PackageRevision>> ListInProcess() => _engine.ListPackageRevisionsAsync(new PackageRevisionFilter { Namespace = "default" });

    [Benchmark]
    public async Task<int> ListOverHttp()
    {
        using var response = await _http.GetAsync(new Uri(Revisions, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK ? body.Length : throw new InvalidOperationException(Encoding.UTF8.GetString(body));
    }

    [Benchmark]
    public Task<PackageRevision> CreateInProcess() => _engine.CreatePackageRevisionAsync(Revision("inproc-" + (_next++).ToString(CultureInfo.InvariantCulture)));

    [Benchmark]
    public async Task<int> CreateOverHttp()
    {
        var package = "http-" + (_next++).ToString(CultureInfo.InvariantCulture);
        using var content = new StringContent(
            $$$"""{"apiVersion":"porch.kpt.dev/v1alpha1","kind":"PackageRevision","metadata":{"namespace":"default"},"spec":{"packageName":"{{{package}}}","workspaceName":"v1","repository":"bench"}}""",
            Encoding.UTF8,
            "application/json");
        using var response = await _http.PostAsync(new Uri(Revisions, UriKind.Relative), content);
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.Created ? body.Length : throw new InvalidOperationException(Encoding.UTF8.GetString(body));
    }

    private static PackageRevision Revision(string package) => new()
    {
        Metadata = new ObjectMeta { Namespace = "default" },
        Spec = new PackageRevisionSpec { Repository = "bench", PackageName = package, WorkspaceName = "v1" },
    };
}
