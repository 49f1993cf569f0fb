namespace Porch.Engine.Errors;

/// <summary>
/// Machine-readable category of a <see cref="PorchException"/>; <see cref="PorchErrorCodeExtensions.ToHttpStatusCode"/>
/// gives the HTTP status a Kubernetes-style surface reports for it.
/// </summary>
public enum PorchErrorCode
{
    /// <summary>The request is malformed (HTTP 400).</summary>
    BadRequest,

    /// <summary>The request failed one of Porch's validation rules (HTTP 400).</summary>
    Validation,

    /// <summary>The request is refused by a rule, for example deleting a published revision (HTTP 403).</summary>
    Forbidden,

    /// <summary>The object does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The verb is not supported on the resource (HTTP 405).</summary>
    MethodNotSupported,

    /// <summary>A concurrent change or a held lock (HTTP 409).</summary>
    Conflict,

    /// <summary>The resource is gone from this API version (HTTP 410).</summary>
    Gone,

    /// <summary>The object is invalid, as Kubernetes field validation reports (HTTP 422).</summary>
    Invalid,

    /// <summary>A lifecycle change that is not allowed (HTTP 422).</summary>
    InvalidLifecycleTransition,

    /// <summary>An unexpected server-side failure (HTTP 500).</summary>
    Internal,

    /// <summary>A KRM function or the render pipeline failed (HTTP 500).</summary>
    FunctionFailed,

    /// <summary>The backing repository cannot be reached; retrying may succeed (HTTP 503).</summary>
    RepositoryUnavailable,
}
