using Porch.Engine.Api;

namespace Porch.Engine.Errors;

/// <summary>
/// A lifecycle change that Porch does not allow, for example approving a Draft.
/// </summary>
public sealed class InvalidLifecycleTransitionException : PorchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    /// <param name="from">The current lifecycle, or null when not known.</param>
    /// <param name="to">The requested lifecycle, or null when not known.</param>
    public InvalidLifecycleTransitionException(string message, PackageRevisionLifecycle? from, PackageRevisionLifecycle? to)
        : base(PorchErrorCode.InvalidLifecycleTransition, message, innerException: null)
    {
        From = from;
        To = to;
    }

    /// <summary>Creates the exception as the field-validation failure Porch's approval strategy reports (HTTP 422 with causes).</summary>
    /// <param name="invalidObject">The package revision.</param>
    /// <param name="fieldErrors">The problems, for example <c>spec.lifecycle: Invalid value: ...</c>.</param>
    /// <param name="from">The current lifecycle.</param>
    /// <param name="to">The requested lifecycle, when known.</param>
    public InvalidLifecycleTransitionException(QualifiedName invalidObject, IReadOnlyList<FieldError> fieldErrors, PackageRevisionLifecycle? from, PackageRevisionLifecycle? to)
        : base(PorchErrorCode.InvalidLifecycleTransition, invalidObject, fieldErrors)
    {
        From = from;
        To = to;
    }

    /// <summary>The current lifecycle, when known.</summary>
    public PackageRevisionLifecycle? From { get; }

    /// <summary>The requested lifecycle, when known.</summary>
    public PackageRevisionLifecycle? To { get; }
}
