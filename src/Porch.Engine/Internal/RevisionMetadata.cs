using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Repositories;

namespace Porch.Engine.Internal;

/// <summary>
/// The engine's writes of Kubernetes metadata (labels, annotations, finalizers, timestamps) beside the repository:
/// the metadata store, the clock that stamps creation and deletion times, and the compensation that puts the old
/// metadata back when a repository change fails.
/// </summary>
internal sealed class RevisionMetadata
{
    private readonly IPackageRevisionMetadataStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RevisionMetadata(IPackageRevisionMetadataStore store, TimeProvider time, ILogger<RevisionMetadata>? logger = null)
    {
        _store = store;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the current time of the engine's clock.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    public ValueTask<ObjectMeta?> GetAsync(string ns, string name, CancellationToken cancellationToken) =>
        _store.GetAsync(ns, name, cancellationToken);

    public ValueTask SetAsync(string ns, string name, ObjectMeta metadata, CancellationToken cancellationToken) =>
        _store.SetAsync(ns, name, metadata, cancellationToken);

    /// <summary>Deletes the metadata of a revision that is gone; not cancellable, as the repository delete already happened.</summary>
    public ValueTask<bool> DeleteAsync(string ns, string name) => _store.DeleteAsync(ns, name, CancellationToken.None);

    /// <summary>As <see cref="WithMetadataAsync{T}"/> for a change that returns nothing.</summary>
    public Task WithMetadataAsync(string ns, string name, ObjectMeta newMeta, ObjectMeta? oldMeta, Func<Task> change, CancellationToken cancellationToken) =>
        WithMetadataAsync(ns, name, newMeta, oldMeta, async () =>
        {
            await change().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Writes the new metadata, runs the repository change, and puts the old metadata back when the change fails,
    /// so a failed operation leaves both exactly as before. When putting it back fails too, that is logged (it is
    /// handled here) and the caller gets the change's failure, which is the one it can act on.
    /// </summary>
    public async Task<T> WithMetadataAsync<T>(string ns, string name, ObjectMeta newMeta, ObjectMeta? oldMeta, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await _store.SetAsync(ns, name, newMeta, cancellationToken).ConfigureAwait(false);
        try
        {
            return await change().ConfigureAwait(false);
        }
        catch
        {
            try
            {
                if (oldMeta is null)
                {
                    await _store.DeleteAsync(ns, name, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _store.SetAsync(ns, name, oldMeta, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception rollback)
            {
                _logger.CompensationFailed(ns, name, rollback);
            }

            throw;
        }
    }
}
