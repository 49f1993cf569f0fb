namespace Porch.Engine.Errors;

/// <summary>
/// A package update (kpt's <c>pkg update</c>, Porch's upgrade task) cannot be carried out: the fast-forward strategy
/// found local changes, a package holds duplicate resources, or the trees cannot be merged. The message is kpt's.
/// </summary>
public sealed class PackageMergeException : PorchException
{
    /// <summary>Creates the exception with code <see cref="PorchErrorCode.Validation"/>.</summary>
    /// <param name="message">kpt's message, unchanged.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PackageMergeException(string message, Exception? innerException = null)
        : base(PorchErrorCode.Validation, message, innerException)
    {
    }
}
