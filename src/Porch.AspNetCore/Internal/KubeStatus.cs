using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.AspNetCore.Internal;

/// <summary>Kubernetes <c>Status</c> objects for failures, with Porch's codes, reasons and messages.</summary>
internal static partial class KubeStatus
{
    public static IResult From(Exception exception, string group, string kind, string? name) => exception switch
    {
        PorchException porch => Porch(porch.ErrorCode, porch.Message, group, kind, name),
        KrmException krm => Porch(PorchErrorCodeExtensions.ErrorCodeOf(krm) ?? PorchErrorCode.Internal, krm.Message, group, kind, name),
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
    /// A 422 with the details kubectl prints (<c>The Kind "name" is invalid: field: message</c>): the kind, name and
    /// one cause per field error, read back from the aggregated message.
    /// </summary>
    private static IResult Invalid(string message, string group, string resource, string? name)
    {
        var match = InvalidMessage().Match(message);
        if (!match.Success)
        {
            return Failure(422, "Invalid", message, group, resource, name);
        }

        var rest = match.Groups["rest"].Value;
        var parts = rest.StartsWith('[') && rest.EndsWith(']') ? FieldSplit().Split(rest[1..^1]) : [rest];
        var causes = new JsonArray();
        foreach (var part in parts)
        {
            var colon = part.IndexOf(": ", StringComparison.Ordinal);
            causes.Add(new JsonObject
            {
                ["reason"] = part.Contains(": Forbidden:", StringComparison.Ordinal) ? "FieldValueForbidden" : "FieldValueInvalid",
                ["message"] = colon > 0 ? part[(colon + 2)..] : part,
                ["field"] = colon > 0 ? part[..colon] : "",
            });
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = "Invalid",
            ["details"] = new JsonObject
            {
                ["name"] = match.Groups["name"].Value,
                ["group"] = match.Groups["group"].Value,
                ["kind"] = match.Groups["kind"].Value,
                ["causes"] = causes,
            },
            ["code"] = 422,
        };
        return KubeJson.Result(status, 422);
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^(?<kind>[A-Za-z]+)\.(?<group>[a-z0-9.-]+) "(?<name>[^"]*)" is invalid: (?<rest>.*)$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex InvalidMessage();

    [System.Text.RegularExpressions.GeneratedRegex(@", (?=[A-Za-z][\w.\[\]/-]*: )")]
    private static partial System.Text.RegularExpressions.Regex FieldSplit();

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
    private static IResult Porch(PorchErrorCode code, string message, string group, string kind, string? name) => code switch
    {
        PorchErrorCode.BadRequest => Failure(400, "BadRequest", message, group, kind, name),
        PorchErrorCode.Forbidden => Failure(403, "Forbidden", message, group, kind, name),
        PorchErrorCode.NotFound => Failure(404, "NotFound", message, group, kind, name),
        PorchErrorCode.MethodNotSupported => Failure(405, "MethodNotAllowed", message, group, kind, name),
        PorchErrorCode.Conflict => Failure(409, "Conflict", message, group, kind, name),
        PorchErrorCode.Gone => Failure(410, "Expired", message, group, kind, name),
        PorchErrorCode.Invalid or PorchErrorCode.InvalidLifecycleTransition => Invalid(message, group, kind, name),
        PorchErrorCode.RepositoryUnavailable => Failure(503, "ServiceUnavailable", message, group, kind, name),
        _ => Failure(500, "InternalError", "Internal error occurred: " + message, group, kind, name),
    };
}
