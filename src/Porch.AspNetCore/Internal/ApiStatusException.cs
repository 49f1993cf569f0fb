using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// A failure the API layer answers with a fixed Kubernetes <c>Status</c> (code, reason, message and details as the
/// Kubernetes API server writes them), for cases that are not engine errors: 413, 415, JSON patch and decoding errors.
/// </summary>
internal sealed class ApiStatusException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    /// <summary>The "the server rejected our request due to an error in our request" text of a 422 without causes.</summary>
    public const string RejectedMessage = "the server rejected our request due to an error in our request";

    public int Code { get; } = code;

    public string Reason { get; } = reason;

    /// <summary>Gets the <c>details</c> to write, or null to write none (as apiserver's errors without details).</summary>
    public JsonObject? Details { get; } = details;

    /// <summary>apiserver's <c>NewRequestEntityTooLargeError</c>.</summary>
    public static ApiStatusException TooLarge(string message) => new(413, "RequestEntityTooLarge", "Request entity too large: " + message);

    /// <summary>apiserver's answer to a patch of an unsupported (or missing) content type.</summary>
    public static ApiStatusException UnsupportedMediaType(IEnumerable<string> accepted) => new(
        415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: " + string.Join(", ", accepted));

    /// <summary>apiserver's answer to a JSON patch that cannot be applied (<c>NewGenericServerResponse(422, ...)</c>): no causes.</summary>
    public static ApiStatusException PatchNotApplied(string why) => new(422, "Invalid", RejectedMessage, []) { Why = why };

    public static ApiStatusException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>Gets the underlying reason of a generic answer, for logs and tests (never sent).</summary>
    public string? Why { get; private init; }
}
