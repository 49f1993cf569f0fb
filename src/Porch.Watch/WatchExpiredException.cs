using Porch.Engine.Errors;

namespace Porch.Watch;

/// <summary>
/// The watch cannot continue without losing events: the requested version is older than the event log reaches, or
/// the watcher fell too far behind. Kubernetes' 410 Gone: the client lists again and watches from the list.
/// </summary>
public sealed class WatchExpiredException : PorchException
{
    /// <summary>Initializes a new instance of the <see cref="WatchExpiredException"/> class.</summary>
    /// <param name="message">What expired.</param>
    public WatchExpiredException(string message)
        : base(PorchErrorCode.Gone, message, innerException: null)
    {
    }
}
