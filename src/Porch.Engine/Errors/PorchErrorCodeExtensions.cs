using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Merge;

namespace Porch.Engine.Errors;

/// <summary>
/// Maps <see cref="PorchErrorCode"/> values to HTTP status codes.
/// </summary>
public static class PorchErrorCodeExtensions
{
    /// <summary>Returns the HTTP status code for <paramref name="code"/>.</summary>
    /// <param name="code">The error code.</param>
    /// <returns>400, 403, 404, 405, 409, 410, 422, 500 or 503.</returns>
    /// <remarks>
    /// Porch itself reports most engine failures as 500 <c>Internal error occurred: ...</c>; a host that reproduces that
    /// wire behaviour decides so at its boundary.
    /// </remarks>
    public static int ToHttpStatusCode(this PorchErrorCode code) => code switch
    {
        PorchErrorCode.BadRequest or PorchErrorCode.Validation => 400,
        PorchErrorCode.Forbidden => 403,
        PorchErrorCode.NotFound => 404,
        PorchErrorCode.MethodNotSupported => 405,
        PorchErrorCode.Conflict => 409,
        PorchErrorCode.Gone => 410,
        PorchErrorCode.Invalid or PorchErrorCode.InvalidLifecycleTransition => 422,
        PorchErrorCode.RepositoryUnavailable => 503,
        _ => 500,
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
