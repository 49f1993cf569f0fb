using System.Threading.Channels;

namespace Porch.PackageVariants.Internal;

/// <summary>What to reconcile: a PackageVariant or a PackageVariantSet.</summary>
internal readonly record struct ReconcileRequest(bool IsSet, string Namespace, string Name);

/// <summary>A de-duplicating work queue (a request already waiting is not queued twice), as controller-runtime's.</summary>
internal sealed class ReconcileQueue
{
    private readonly Channel<ReconcileRequest> _channel = Channel.CreateUnbounded<ReconcileRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<ReconcileRequest> _pending = [];
    private readonly Lock _gate = new();

    public void Add(ReconcileRequest request)
    {
        lock (_gate)
        {
            if (!_pending.Add(request))
            {
                return;
            }
        }

        _channel.Writer.TryWrite(request);
    }

    public async ValueTask<ReconcileRequest> TakeAsync(CancellationToken cancellationToken)
    {
        var request = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _pending.Remove(request);
        }

        return request;
    }
}
