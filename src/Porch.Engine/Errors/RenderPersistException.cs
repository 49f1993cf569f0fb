namespace Porch.Engine.Errors;

/// <summary>
/// Rendering failed and the rendered state could not be persisted either (Porch's <c>RenderPersistError</c>). The draft's
/// content is stale, so such a write is never pushed, even with <c>porch.kpt.dev/push-on-render-failure</c>.
/// </summary>
public sealed class RenderPersistException : PorchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, unchanged.</param>
    /// <param name="persistError">The persistence failure; also the <see cref="Exception.InnerException"/>.</param>
    /// <param name="renderError">The render failure, when there was one.</param>
    public RenderPersistException(string message, Exception persistError, Exception? renderError = null)
        : base(PorchErrorCode.Internal, message, persistError)
    {
        ArgumentNullException.ThrowIfNull(persistError);
        PersistError = persistError;
        RenderError = renderError;
    }

    /// <summary>The persistence failure.</summary>
    public Exception PersistError { get; }

    /// <summary>The render failure, when there was one.</summary>
    public Exception? RenderError { get; }
}
