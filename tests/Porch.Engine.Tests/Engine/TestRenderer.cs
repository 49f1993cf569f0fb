using Porch.Engine.Api;
using Porch.Krm;
using Porch.Krm.Rendering;

namespace Porch.Engine.Tests.Engine;

/// <summary>A renderer for engine tests: returns the files unchanged, or fails when told to.</summary>
internal sealed class TestRenderer : IPackageRenderer
{
    public string? FailWith { get; set; }

    public Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? Transform { get; set; }

    public int Calls { get; private set; }

    public Task<PackageRenderResult> RenderAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (FailWith is { } error)
        {
            var results = new FunctionResultList { ExitCode = 1, Items = [new FunctionResult { Image = "test/fail", ExitCode = 1, Stderr = error }] };
            var partial = Transform is null ? files : Transform(files);
            return Task.FromResult(new PackageRenderResult(partial, results, error));
        }

        var output = Transform is null ? files : Transform(files);
        return Task.FromResult(new PackageRenderResult(output, new FunctionResultList()));
    }
}
