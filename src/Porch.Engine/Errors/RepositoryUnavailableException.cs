namespace Porch.Engine.Errors;

/// <summary>
/// The backing repository cannot be reached or read; the operation may succeed when retried.
/// </summary>
public sealed class RepositoryUnavailableException : PorchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, unchanged.</param>
    /// <param name="innerException">The adapter's failure, kept for diagnosis.</param>
    public RepositoryUnavailableException(string message, Exception? innerException = null)
        : base(PorchErrorCode.RepositoryUnavailable, message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
