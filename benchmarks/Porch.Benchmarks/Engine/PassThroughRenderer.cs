using Porch.Engine.Api;
using Porch.Krm;
using Porch.Krm.Rendering;

namespace Porch.Benchmarks.Engine;

/// <summary>A renderer that returns the files unchanged, so engine benchmarks measure the engine, not functions.</summary>
internal sealed class PassThroughRenderer : IPackageRenderer
{
    public Task<PackageRenderResult> RenderAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PackageRenderResult(files, new FunctionResultList()));
}
