namespace Porch.Engine.Errors;

/// <summary>
/// A write lost a race: a stale <c>resourceVersion</c>, or another request holds the object's lock.
/// </summary>
public sealed class PackageRevisionConflictException : PorchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PackageRevisionConflictException(string message, Exception? innerException = null)
        : base(PorchErrorCode.Conflict, message, innerException)
    {
    }

    /// <summary>
    /// Gets a value indicating whether the write carried a stale <c>resourceVersion</c> (Kubernetes' optimistic-lock
    /// conflict, <c>the object has been modified</c>) rather than meeting another request's lock.
    /// </summary>
    public bool StaleResourceVersion { get; init; }
}
