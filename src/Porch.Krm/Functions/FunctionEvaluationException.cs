namespace Porch.Krm.Functions;

/// <summary>
/// A KRM function or the render pipeline failed (Porch's <c>RenderError</c>); carries the function results.
/// </summary>
public sealed class FunctionEvaluationException : KrmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The render error text, unchanged.</param>
    /// <param name="results">The function results gathered before the failure, when any.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public FunctionEvaluationException(string message, FunctionResultList? results = null, Exception? innerException = null)
        : base(message, innerException) => Results = results;

    /// <summary>The function results gathered before the failure, when any.</summary>
    public FunctionResultList? Results { get; }
}
