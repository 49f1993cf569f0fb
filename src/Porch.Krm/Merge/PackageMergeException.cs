namespace Porch.Krm.Merge;

/// <summary>
/// A package update (kpt's <c>pkg update</c>, Porch's upgrade task) cannot be carried out: the fast-forward strategy
/// found local changes, a package holds duplicate resources, or the trees cannot be merged. The message is kpt's.
/// </summary>
public sealed class PackageMergeException : KrmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">kpt's message, unchanged.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PackageMergeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
