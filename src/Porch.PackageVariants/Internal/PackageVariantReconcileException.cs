namespace Porch.PackageVariants.Internal;

/// <summary>A reconciliation that should be retried with backoff (Porch returns the error to controller-runtime).</summary>
internal sealed class PackageVariantReconcileException : Exception
{
    public PackageVariantReconcileException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public PackageVariantReconcileException()
    {
    }

    public PackageVariantReconcileException(string message)
        : base(message)
    {
    }
}
