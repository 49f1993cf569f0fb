namespace Porch.Starlark;

/// <summary>
/// Thrown by <see cref="StarlarkHostValue.SetAttribute"/> for a field the value does not have, as go.starlark.net's
/// <c>NoSuchAttrError</c>: the interpreter adds a spelling suggestion from the value's attribute names.
/// </summary>
public sealed class StarlarkNoSuchAttributeException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkNoSuchAttributeException"/> class.</summary>
    public StarlarkNoSuchAttributeException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StarlarkNoSuchAttributeException"/> class.</summary>
    /// <param name="message">The Starlark error text, for example <c>no .x field</c>.</param>
    public StarlarkNoSuchAttributeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StarlarkNoSuchAttributeException"/> class.</summary>
    /// <param name="message">The Starlark error text.</param>
    /// <param name="innerException">The cause.</param>
    public StarlarkNoSuchAttributeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
