namespace Porch.Engine.Errors;

/// <summary>
/// Base of every error Porch reports. The message is Porch's text, verbatim where Porch has one.
/// </summary>
public abstract class PorchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The machine-readable category.</param>
    /// <param name="message">The message, passed through unchanged.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected PorchException(PorchErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException) => ErrorCode = code;

    /// <summary>The machine-readable category of the error.</summary>
    public PorchErrorCode ErrorCode { get; }

    /// <summary>Whether retrying the same operation later may succeed.</summary>
    public virtual bool IsTransient => false;

    /// <summary>The HTTP status code of <see cref="ErrorCode"/>.</summary>
    public int HttpStatusCode => ErrorCode.ToHttpStatusCode();
}
