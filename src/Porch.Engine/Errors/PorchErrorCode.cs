namespace Porch.Engine.Errors;

/// <summary>
/// Machine-readable category of a <see cref="PorchException"/>. The HTTP status and Kubernetes reason a
/// Kubernetes-style surface reports for each come from one table, <see cref="PorchErrorCodeExtensions"/>.
/// </summary>
public enum PorchErrorCode
{
    /// <summary>The request is malformed (HTTP 400).</summary>
    BadRequest,

    /// <summary>
    /// A value failed validation below the API's field checks, in an adapter or a name parser. Porch's API server
    /// answers these as engine errors: HTTP 500 <c>Internal error occurred: ...</c> (spec/porch-engine.md, fact 9).
    /// </summary>
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

    /// <summary>The object is invalid, as Kubernetes field validation reports (HTTP 422, with the field errors as causes).</summary>
    Invalid,

    /// <summary>A lifecycle change that is not allowed (HTTP 422, with the field errors as causes).</summary>
    InvalidLifecycleTransition,

    /// <summary>An unexpected server-side failure (HTTP 500).</summary>
    Internal,

    /// <summary>A KRM function or the render pipeline failed (HTTP 500).</summary>
    FunctionFailed,

    /// <summary>The backing repository cannot be reached; retrying may succeed (HTTP 503).</summary>
    RepositoryUnavailable,

    /// <summary>
    /// The request breaks one of the engine's rules: one task at most, workspace names unique, clone only a new
    /// package, sources published, no nested packages, ... Porch answers HTTP 500 <c>Internal error occurred: ...</c>.
    /// </summary>
    RuleViolation,
}
