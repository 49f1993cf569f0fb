using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Porch.Engine.Errors;

namespace Porch.AspNetCore.Internal;

/// <summary>Kubernetes <c>Status</c> objects for failures, with Porch's codes, reasons and messages.</summary>
internal static class KubeStatus
{
    public static IResult From(Exception exception, string group, string kind, string? name) => exception switch
    {
        PorchException porch => Porch(porch, group, kind, name),
        System.Text.Json.JsonException json => Failure(400, "BadRequest", "the object provided is unrecognized or malformed: " + json.Message, group, kind, name),
        BadHttpRequestException bad => Failure(400, "BadRequest", bad.Message, group, kind, name),
        _ => Failure(500, "InternalError", "Internal error occurred: " + exception.Message, group, kind, name),
    };

    public static IResult Failure(int code, string reason, string message, string group, string kind, string? name)
    {
        var details = new JsonObject { ["group"] = group, ["kind"] = kind };
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["details"] = details,
            ["code"] = code,
        };
        return KubeJson.Result(status, code);
    }

    public static JsonObject Success(string group, string kind, string name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind },
    };

    /// <summary>
    /// Porch's API server returns engine errors (business rules) as 500 <c>Internal error occurred: ...</c>, field
    /// errors as 422, locks and stale versions as 409, delete rules as 403: clients compare these texts.
    /// </summary>
    private static IResult Porch(PorchException ex, string group, string kind, string? name) => ex.ErrorCode switch
    {
        PorchErrorCode.BadRequest => Failure(400, "BadRequest", ex.Message, group, kind, name),
        PorchErrorCode.Forbidden => Failure(403, "Forbidden", ex.Message, group, kind, name),
        PorchErrorCode.NotFound => Failure(404, "NotFound", ex.Message, group, kind, name),
        PorchErrorCode.MethodNotSupported => Failure(405, "MethodNotAllowed", ex.Message, group, kind, name),
        PorchErrorCode.Conflict => Failure(409, "Conflict", ex.Message, group, kind, name),
        PorchErrorCode.Gone => Failure(410, "Expired", ex.Message, group, kind, name),
        PorchErrorCode.Invalid or PorchErrorCode.InvalidLifecycleTransition => Failure(422, "Invalid", ex.Message, group, kind, name),
        PorchErrorCode.RepositoryUnavailable => Failure(503, "ServiceUnavailable", ex.Message, group, kind, name),
        _ => Failure(500, "InternalError", "Internal error occurred: " + ex.Message, group, kind, name),
    };
}
