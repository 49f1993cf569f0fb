namespace Porch.Engine.Errors;

/// <summary>
/// Base of every error Porch reports. The message is Porch's text, verbatim where Porch has one. A field-validation
/// failure also carries what failed as data: the object (<see cref="InvalidObject"/>) and one
/// <see cref="FieldError"/> per problem (<see cref="FieldErrors"/>), from which the message is written.
/// </summary>
public abstract class PorchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The machine-readable category.</param>
    /// <param name="message">The message, passed through unchanged.</param>
    /// <param name="innerException">The underlying failure, or null.</param>
    protected PorchException(PorchErrorCode code, string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = code;
        FieldErrors = [];
    }

    /// <summary>
    /// Creates a field-validation failure; the message is Kubernetes' (<c>Kind.group "name" is invalid: ...</c>,
    /// several errors in brackets).
    /// </summary>
    /// <param name="code">The machine-readable category, usually <see cref="PorchErrorCode.Invalid"/>.</param>
    /// <param name="invalidObject">The object whose fields are wrong.</param>
    /// <param name="fieldErrors">The problems, in the order found.</param>
    protected PorchException(PorchErrorCode code, QualifiedName invalidObject, IReadOnlyList<FieldError> fieldErrors)
        : base(FieldError.InvalidMessage(invalidObject, fieldErrors ?? throw new ArgumentNullException(nameof(fieldErrors))))
    {
        ErrorCode = code;
        InvalidObject = invalidObject;
        FieldErrors = [.. fieldErrors];
    }

    /// <summary>The machine-readable category of the error.</summary>
    public PorchErrorCode ErrorCode { get; }

    /// <summary>Gets the object whose fields failed validation, or null when this is not a field-validation failure.</summary>
    public QualifiedName? InvalidObject { get; }

    /// <summary>Gets the field errors of a field-validation failure; empty otherwise.</summary>
    public IReadOnlyList<FieldError> FieldErrors { get; }

    /// <summary>
    /// Whether retrying the same operation later may succeed. A wrapper of a transient failure is transient too, so
    /// no layer that adds context to a <see cref="RepositoryUnavailableException"/> hides that it may pass on retry.
    /// </summary>
    public virtual bool IsTransient => InnerException is PorchException { IsTransient: true };

    /// <summary>The HTTP status code of <see cref="ErrorCode"/>.</summary>
    public int HttpStatusCode => ErrorCode.ToHttpStatusCode();
}
