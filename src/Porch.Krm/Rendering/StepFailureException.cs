namespace Porch.Krm.Rendering;

/// <summary>A pipeline step failed; the message is the cause kpt puts after <c>pipeline.run: </c>.</summary>
internal sealed class StepFailureException : Exception
{
    public StepFailureException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
