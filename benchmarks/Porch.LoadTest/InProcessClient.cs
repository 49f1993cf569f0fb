using Porch.Engine;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.LoadTest;

/// <summary>The engine called directly.</summary>
internal sealed class InProcessClient(IPorchEngine engine, string repository) : IPorchClient
{
    private const string Ns = "default";

    public async Task<string> CreateAsync(string package, CancellationToken cancellationToken) =>
        (await Call(() => engine.CreatePackageRevisionAsync(new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = Ns },
            Spec = new PackageRevisionSpec { Repository = repository, PackageName = package, WorkspaceName = "v1" },
        }, cancellationToken)).ConfigureAwait(false)).Metadata.Name!;

    public Task EditAsync(string name, string file, string content, CancellationToken cancellationToken) =>
        Call(() => engine.EditResourcesAsync(Ns, name, files => files[file] = content, cancellationToken));

    public Task ProposeAsync(string name, CancellationToken cancellationToken) =>
        Call(() => engine.ProposeAsync(Ns, name, cancellationToken));

    public async Task<int> ApproveAsync(string name, CancellationToken cancellationToken) =>
        (await Call(() => engine.ApproveAsync(Ns, name, cancellationToken)).ConfigureAwait(false)).Spec.Revision;

    private static async Task<T> Call<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PackageRevisionConflictException ex)
        {
            throw new ConflictException(ex.Message);
        }
    }
}
