using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Merge;

namespace Porch.Engine.Errors;

/// <summary>
/// The one table from <see cref="PorchErrorCode"/> to what a Kubernetes-style surface answers: the HTTP status and the
/// Status <c>reason</c>. Porch reports its engine's errors (validation, rule violations, function and internal
/// failures) as 500 <c>InternalError</c>, field errors as 422, locks and stale versions as 409, delete rules as 403.
/// </summary>
public static class PorchErrorCodeExtensions
{
    /// <summary>Returns the HTTP status code for <paramref name="code"/>.</summary>
    /// <param name="code">The error code.</param>
    /// <returns>400, 403, 404, 405, 409, 410, 422, 500 or 503.</returns>
    public static int ToHttpStatusCode(this PorchErrorCode code) => Status(code).Code;

    /// <summary>Returns the Kubernetes Status <c>reason</c> for <paramref name="code"/> (<c>metav1.StatusReason</c>).</summary>
    /// <param name="code">The error code.</param>
    /// <returns>For example <c>NotFound</c>, <c>Invalid</c> or <c>InternalError</c>.</returns>
    public static string ToStatusReason(this PorchErrorCode code) => Status(code).Reason;

    private static (int Code, string Reason) Status(PorchErrorCode code) => code switch
    {
        PorchErrorCode.BadRequest => (400, "BadRequest"),
        PorchErrorCode.Forbidden => (403, "Forbidden"),
        PorchErrorCode.NotFound => (404, "NotFound"),
        PorchErrorCode.MethodNotSupported => (405, "MethodNotAllowed"),
        PorchErrorCode.Conflict => (409, "Conflict"),
        PorchErrorCode.Gone => (410, "Expired"),
        PorchErrorCode.Invalid or PorchErrorCode.InvalidLifecycleTransition => (422, "Invalid"),
        PorchErrorCode.RepositoryUnavailable => (503, "ServiceUnavailable"),
        PorchErrorCode.Validation or PorchErrorCode.RuleViolation or PorchErrorCode.Internal or PorchErrorCode.FunctionFailed => (500, "InternalError"),
        _ => (500, "InternalError"),
    };

    /// <summary>
    /// The error code of a failure as Porch reports it: a <see cref="PorchException"/>'s own code, and for the errors
    /// of the kpt document layer (which knows nothing of Porch) the code Porch gives them: a file that is not YAML or a
    /// path that leaves its package is a bad request, a package update that cannot be merged breaks a rule, a failed
    /// function is a function failure. Null for any other exception.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The code, or null when <paramref name="exception"/> is not one of Porch's or kpt's errors.</returns>
    public static PorchErrorCode? ErrorCodeOf(Exception exception) => exception switch
    {
        PorchException porch => porch.ErrorCode,
        KrmYamlException or PackagePathException => PorchErrorCode.BadRequest,
        PackageMergeException => PorchErrorCode.Validation,
        FunctionEvaluationException => PorchErrorCode.FunctionFailed,
        _ => null,
    };
}
