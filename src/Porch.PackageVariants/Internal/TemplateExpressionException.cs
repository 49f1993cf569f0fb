namespace Porch.PackageVariants.Internal;

/// <summary>An expression of a PackageVariantSet template that does not compile or evaluate.</summary>
internal sealed class TemplateExpressionException : Exception
{
    public TemplateExpressionException(string message)
        : base(message)
    {
    }

    public TemplateExpressionException()
    {
    }

    public TemplateExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
