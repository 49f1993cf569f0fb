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
        Porch.Krm.KrmException krm when PorchErrorCodeExtensions.ErrorCodeOf(krm) is { } code => Krm(code, krm.Message, group, kind, name),
        ApiStatusException api => Plain(api.Code, api.Reason, api.Message, api.Details),
        System.Text.Json.JsonException json => Failure(400, "BadRequest", "the object provided is unrecognized or malformed: " + json.Message, group, kind, name),
        BadHttpRequestException { StatusCode: 413 } bad => Plain(413, "RequestEntityTooLarge", "Request entity too large: " + bad.Message, null),
        BadHttpRequestException bad => Failure(400, "BadRequest", bad.Message, group, kind, name),
        _ => Failure(500, "InternalError", "Internal error occurred: " + exception.Message, group, kind, name),
    };

    /// <summary>A Status as apiserver writes its own errors: no details, or exactly <paramref name="details"/>.</summary>
    public static IResult Plain(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details.Parent is null ? details : details.DeepClone();
        }

        status["code"] = code;
        return KubeJson.Result(status, code);
    }

    public static IResult Failure(int code, string reason, string message, string group, string kind, string? name)
    {
        var details = new JsonObject { ["group"] = group, ["kind"] = kind };
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        return Plain(code, reason, message, details);
    }

    /// <summary>
    /// A 422 with the details kubectl prints (<c>The Kind "name" is invalid: field: message</c>), as apiserver's
    /// <c>NewInvalid</c> writes them: the qualified kind and name, and one cause per field error, from the exception's data.
    /// </summary>
    private static IResult Invalid(PorchException ex, string group, string resource, string? name)
    {
        if (ex.InvalidObject is not { } invalid)
        {
            return Failure(422, "Invalid", ex.Message, group, resource, name);
        }

        var causes = new JsonArray();
        foreach (var error in ex.FieldErrors)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = error.CauseType,
                ["message"] = error.Body,
                ["field"] = error.Field,
            });
        }

        return Plain(422, "Invalid", ex.Message, new JsonObject
        {
            ["name"] = invalid.Name,
            ["group"] = invalid.Group,
            ["kind"] = invalid.Kind,
            ["causes"] = causes,
        });
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
    /// errors as 422, locks and stale versions as 409, delete rules as 403: clients compare these texts. The status and
    /// reason of each code come from the one table, <see cref="PorchErrorCodeExtensions"/>.
    /// </summary>
    private static IResult Porch(PorchException ex, string group, string kind, string? name)
    {
        var code = ex.ErrorCode.ToHttpStatusCode();
        var reason = ex.ErrorCode.ToStatusReason();
        return code switch
        {
            422 => Invalid(ex, group, kind, name),
            500 => Failure(code, reason, "Internal error occurred: " + ex.Message, group, kind, name),
            403 => Failure(code, reason, ForbiddenMessage(group, kind, name, ex.Message), group, kind, name),
            _ => Failure(code, reason, ex.Message, group, kind, name),
        };
    }

    /// <summary>apimachinery's <c>NewForbidden</c> text: <c>resource.group "name" is forbidden: reason</c>.</summary>
    private static string ForbiddenMessage(string group, string resource, string? name, string message)
    {
        var qualified = string.IsNullOrEmpty(group) ? resource : resource + "." + group;
        return string.IsNullOrEmpty(resource) ? "forbidden: " + message
            : string.IsNullOrEmpty(name) ? qualified + " is forbidden: " + message
            : qualified + " \"" + name + "\" is forbidden: " + message;
    }

    /// <summary>
    /// The errors of the kpt document layer (a file that is not YAML, a path out of the package, a merge that cannot be
    /// done, a failed function) with the code Porch gives them, read from the same table.
    /// </summary>
    private static IResult Krm(PorchErrorCode errorCode, string message, string group, string kind, string? name)
    {
        var code = errorCode.ToHttpStatusCode();
        var reason = errorCode.ToStatusReason();
        return code == 500
            ? Failure(code, reason, "Internal error occurred: " + message, group, kind, name)
            : Failure(code, reason, message, group, kind, name);
    }
}
