namespace Porch.Krm;

/// <summary>
/// The base of the errors of the kpt document layer: a file that is not YAML as kpt reads it, a package update that
/// cannot be merged, a function that failed. The message is kpt's, word for word. Porch.Krm knows nothing of Porch:
/// a host (the engine, porchctl) decides what such an error means to its callers.
/// </summary>
public abstract class KrmException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">kpt's message, unchanged.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected KrmException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
