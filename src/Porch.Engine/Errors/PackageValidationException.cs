namespace Porch.Engine.Errors;

/// <summary>
/// A request failed one of Porch's validation rules (names, tasks, lifecycle on create, package paths, ...): either
/// with Porch's message and a code, or as a field-validation failure that carries its <see cref="PorchException.FieldErrors"/>.
/// </summary>
public sealed class PackageValidationException : PorchException
{
    /// <summary>Creates the exception with code <see cref="PorchErrorCode.Validation"/>.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    public PackageValidationException(string message)
        : this(message, PorchErrorCode.Validation)
    {
    }

    /// <summary>Creates the exception with a specific code such as <see cref="PorchErrorCode.RuleViolation"/> or <see cref="PorchErrorCode.Forbidden"/>.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    /// <param name="code">The code to report.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PackageValidationException(string message, PorchErrorCode code, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }

    /// <summary>
    /// Creates a field-validation failure (code <see cref="PorchErrorCode.Invalid"/>, HTTP 422) with Kubernetes'
    /// message, for example <c>PackageRevision.porch.kpt.dev "r.p.ws" is invalid: spec.workspaceName: Invalid value: ...</c>.
    /// </summary>
    /// <param name="invalidObject">The object whose fields are wrong.</param>
    /// <param name="fieldErrors">The problems, at least one, in the order found.</param>
    public PackageValidationException(QualifiedName invalidObject, IReadOnlyList<FieldError> fieldErrors)
        : base(PorchErrorCode.Invalid, invalidObject, fieldErrors)
    {
    }
}
