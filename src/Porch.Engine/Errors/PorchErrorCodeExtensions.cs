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
}
