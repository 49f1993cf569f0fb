using System.Net;

namespace Porch.Cli.Client;

/// <summary>The server answered with an error: its HTTP status and the Kubernetes <c>Status</c> it sent.</summary>
internal sealed class PorchApiException : Exception
{
    public PorchApiException(HttpStatusCode statusCode, string reason, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>Gets the HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the Status reason (<c>NotFound</c>, <c>Conflict</c>, ...).</summary>
    public string Reason { get; }
}
