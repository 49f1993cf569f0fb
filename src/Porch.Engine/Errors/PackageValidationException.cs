namespace Porch.Engine.Errors;

/// <summary>
/// A request failed one of Porch's validation rules (names, tasks, lifecycle on create, package paths, ...).
/// </summary>
public sealed class PackageValidationException : PorchException
{
    /// <summary>Creates the exception with code <see cref="PorchErrorCode.Validation"/>.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    public PackageValidationException(string message)
        : this(message, PorchErrorCode.Validation)
    {
    }

    /// <summary>Creates the exception with a specific code such as <see cref="PorchErrorCode.Invalid"/> or <see cref="PorchErrorCode.Forbidden"/>.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    /// <param name="code">The code to report.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PackageValidationException(string message, PorchErrorCode code, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}
