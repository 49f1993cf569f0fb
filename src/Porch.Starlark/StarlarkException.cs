namespace Porch.Starlark;

/// <summary>The base of the errors reported by the Starlark interpreter.</summary>
public abstract class StarlarkException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected StarlarkException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
