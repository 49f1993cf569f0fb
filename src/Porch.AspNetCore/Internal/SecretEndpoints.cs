using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// Core <c>v1</c> Secrets kept in the host's <see cref="ISecretStore"/>, as the Kubernetes API server serves them:
/// <c>data</c> base64, <c>stringData</c> folded into <c>data</c> on write, <c>type</c> defaulted to <c>Opaque</c> and
/// immutable, apiserver's key and name rules and texts. No error names a value: a body that is not JSON is answered
/// without the parser's text, and messages name keys and the secret only.
/// </summary>
internal static partial class SecretEndpoints
{
    private const string Kind = "secrets";

    public static Task<IResult> ListAsync(HttpContext http, string? ns) => Guard(http, null, async request =>
    {
        var secrets = await Store(http).ListAsync(ns, request.Aborted).ConfigureAwait(false);
        var items = secrets.Select(s => (JsonNode?)JsonNode.Parse(s.Document)).ToList();
        var (page, next, remaining) = Paging.Apply(items, request);
        if (request.WantsTable)
        {
            var table = Tables.Secrets(page.OfType<JsonObject>(), "0");
            PackageRevisionEndpoints.SetContinue(table, next, remaining);
            return KubeJson.Result(table);
        }

        var metadata = new JsonObject { ["resourceVersion"] = "0" };
        if (next is not null)
        {
            metadata["continue"] = next;
            metadata["remainingItemCount"] = remaining;
        }

        return KubeJson.Result(new JsonObject { ["kind"] = "SecretList", ["apiVersion"] = "v1", ["metadata"] = metadata, ["items"] = new JsonArray([.. page]) });
    });

    public static Task<IResult> GetAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var secret = JsonNode.Parse((await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false)).Document)!.AsObject();
        return request.WantsTable ? KubeJson.Result(Tables.Secrets([secret], Version(secret))) : KubeJson.Result(secret);
    });

    public static Task<IResult> CreateAsync(HttpContext http, string ns) => Guard(http, null, async request =>
    {
        var secret = await ReadAsync(request).ConfigureAwait(false);
        var metadata = Metadata(secret, ns);
        var name = metadata["name"]?.GetValue<string>() ?? "";
        if (name.Length == 0 && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            name = prefix + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5];
            metadata["name"] = name;
        }

        Validate(secret, name, previousType: null);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        metadata["resourceVersion"] = "1";
        if (DryRun(request))
        {
            return KubeJson.Result(secret, 201);
        }

        if (!await Store(http).CreateAsync(new StoredSecret(ns, name, "1", secret.ToJsonString()), request.Aborted).ConfigureAwait(false))
        {
            return KubeStatus.Failure(409, "AlreadyExists", $"secrets \"{name}\" already exists", "", Kind, name);
        }

        NamespaceEndpoints.Known(http, ns);
        return KubeJson.Result(secret, 201);
    });

    public static Task<IResult> ReplaceAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var secret = await ReadAsync(request).ConfigureAwait(false);
        var current = await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false);
        return await StoreUpdateAsync(http, request, ns, name, secret, current).ConfigureAwait(false);
    });

    public static Task<IResult> PatchAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var patchType = JsonPatching.PatchType(request.ContentType);
        JsonNode patch;
        try
        {
            patch = await KubeJson.ReadBodyAsync(request).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            throw Malformed();
        }

        var current = await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false);
        var currentNode = JsonNode.Parse(current.Document)!;

        // Strategic merge patch of a Secret: its fields are maps and scalars (no list with a merge key but
        // metadata's), so it merges as a JSON merge patch does.
        var patched = JsonPatching.Apply(currentNode, patch, patchType == JsonPatching.StrategicMergePatch ? JsonPatching.MergePatch : patchType);
        if (patched is not JsonObject secret)
        {
            throw Malformed();
        }

        // A patch that sends no resourceVersion applies to the version it read.
        return await StoreUpdateAsync(http, request, ns, name, secret, current).ConfigureAwait(false);
    });

    public static Task<IResult> DeleteAsync(HttpContext http, string ns, string name) => Guard(http, name, async request =>
    {
        var current = await FindAsync(http, ns, name, request.Aborted).ConfigureAwait(false);
        if (!await DeleteDryRunAsync(request).ConfigureAwait(false) && !await Store(http).DeleteAsync(ns, name, request.Aborted).ConfigureAwait(false))
        {
            throw NotFound(name);
        }

        return KubeJson.Result(JsonNode.Parse(current.Document)!);
    });

    private static async Task<IResult> StoreUpdateAsync(HttpContext http, RequestContext request, string ns, string name, JsonObject secret, StoredSecret current)
    {
        var metadata = Metadata(secret, ns);
        if (metadata["name"]?.GetValue<string>() is { Length: > 0 } given && given != name)
        {
            throw new ApiStatusException(400, "BadRequest", $"the name of the object ({given}) does not match the name on the URL ({name})");
        }

        metadata["name"] = name;
        var previous = JsonNode.Parse(current.Document)!.AsObject();
        Validate(secret, name, previous["type"]?.GetValue<string>() ?? "Opaque");
        var sent = metadata["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(sent) && sent != current.ResourceVersion)
        {
            throw Conflict(name);
        }

        var previousMetadata = previous["metadata"]!.AsObject();
        metadata["uid"] = previousMetadata["uid"]?.DeepClone();
        metadata["creationTimestamp"] = previousMetadata["creationTimestamp"]?.DeepClone();
        var version = (long.Parse(current.ResourceVersion, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        metadata["resourceVersion"] = version;
        if (DryRun(request))
        {
            return KubeJson.Result(secret);
        }

        if (!await Store(http).UpdateAsync(new StoredSecret(ns, name, version, secret.ToJsonString()), current.ResourceVersion, request.Aborted).ConfigureAwait(false))
        {
            throw Conflict(name);
        }

        return KubeJson.Result(secret);
    }

    /// <summary>apiserver's secret validation (<c>ValidateSecret</c>): name, keys, the fields each type needs, immutable type.</summary>
    private static void Validate(JsonObject secret, string name, string? previousType)
    {
        secret["kind"] = "Secret";
        secret["apiVersion"] = "v1";
        var causes = new List<(string Field, string Reason, string Message)>();
        if (name.Length == 0)
        {
            causes.Add(("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));
        }
        else if (NamespaceEndpoints.SubdomainError(name) is { } nameError)
        {
            causes.Add(("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": {nameError}"));
        }

        // stringData is write-only: each key is written into data (base64), replacing the key there.
        var data = secret["data"] switch
        {
            null => new JsonObject(),
            JsonObject o => o,
            _ => throw Malformed(),
        };
        secret["data"] = data;
        if (secret["stringData"] is JsonObject stringData)
        {
            foreach (var (key, value) in stringData.ToList())
            {
                if (value is not JsonValue text || !text.TryGetValue<string>(out var plain))
                {
                    throw Malformed();
                }

                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(plain));
            }
        }

        secret.Remove("stringData");
        var total = 0L;
        foreach (var (key, value) in data)
        {
            if (value is not JsonValue encoded || !encoded.TryGetValue<string>(out var base64) || !IsBase64(base64, out var length))
            {
                throw Malformed();
            }

            total += length;
            if (!ConfigKey().IsMatch(key))
            {
                causes.Add(($"data[{key}]", "FieldValueInvalid",
                    $"Invalid value: \"{key}\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
            }
        }

        if (total > 1024 * 1024)
        {
            causes.Add(("data", "FieldValueTooLong", "Too long: must have at most 1048576 bytes"));
        }

        var type = secret["type"] is JsonValue t && t.TryGetValue<string>(out var given) && given.Length > 0 ? given : "Opaque";
        secret["type"] = type;
        if (type == "kubernetes.io/basic-auth" && data["username"] is null && data["password"] is null)
        {
            causes.Add(("data[username]", "FieldValueRequired", "Required value"));
            causes.Add(("data[password]", "FieldValueRequired", "Required value"));
        }

        if (previousType is not null && previousType != type)
        {
            causes.Add(("type", "FieldValueInvalid", $"Invalid value: \"{type}\": field is immutable"));
        }

        if (causes.Count > 0)
        {
            var message = $"Secret \"{name}\" is invalid: " + (causes.Count == 1
                ? $"{causes[0].Field}: {causes[0].Message}"
                : "[" + string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}")) + "]");
            var details = new JsonObject
            {
                ["name"] = name,
                ["kind"] = "Secret",
                ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })]),
            };
            throw new ApiStatusException(422, "Invalid", message, details);
        }
    }

    private static bool IsBase64(string text, out int length)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out length);
    }

    private static JsonObject Metadata(JsonObject secret, string ns)
    {
        if (secret["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            secret["metadata"] = metadata;
        }

        if (metadata["namespace"]?.GetValue<string>() is { Length: > 0 } given && given != ns)
        {
            throw new ApiStatusException(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = ns;
        return metadata;
    }

    private static async Task<JsonObject> ReadAsync(RequestContext request)
    {
        try
        {
            return await CoreMediaType.ReadAsync(request).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            throw Malformed();
        }
    }

    /// <summary>DryRun=All: validated and answered, never stored.</summary>
    internal static bool DryRun(RequestContext request) => request.Http.Request.Query["dryRun"] switch
    {
        { Count: 0 } => false,
        var values when values.All(v => v == "All") => true,
        var values => throw new ApiStatusException(400, "BadRequest", $"dryRun: Unsupported value: \"{values.First(v => v != "All")}\": supported values: \"All\""),
    };

    /// <summary>
    /// DryRun=All on a delete: in the query, or (as client-go sends it) in the <c>DeleteOptions</c> body.
    /// </summary>
    internal static async Task<bool> DeleteDryRunAsync(RequestContext request)
    {
        if (DryRun(request))
        {
            return true;
        }

        if (request.Http.Request.ContentLength is 0 || (request.Http.Request.ContentLength is null && !request.Http.Request.Headers.TransferEncoding.Any()))
        {
            return false;
        }

        var options = await KubeJson.ReadBodyAsync(request).ConfigureAwait(false);
        return options["dryRun"] switch
        {
            null => false,
            JsonArray values when values.All(v => v?.GetValue<string>() == "All") => values.Count > 0,
            var other => throw new ApiStatusException(400, "BadRequest", $"dryRun: Unsupported value: {other.ToJsonString()}: supported values: \"All\""),
        };
    }

    private static string? Version(JsonObject secret) => secret["metadata"]?["resourceVersion"]?.GetValue<string>();

    private static async Task<StoredSecret> FindAsync(HttpContext http, string ns, string name, CancellationToken cancellationToken) =>
        await Store(http).GetAsync(ns, name, cancellationToken).ConfigureAwait(false) ?? throw NotFound(name);

    private static ISecretStore Store(HttpContext http) => http.RequestServices.GetRequiredService<ISecretStore>();

    private static ApiStatusException NotFound(string name) =>
        new(404, "NotFound", $"secrets \"{name}\" not found", new JsonObject { ["name"] = name, ["kind"] = Kind });

    private static ApiStatusException Conflict(string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on secrets \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            new JsonObject { ["name"] = name, ["kind"] = Kind });

    /// <summary>A body that does not decode as a Secret, answered without the decoder's text (it may quote a value).</summary>
    private static ApiStatusException Malformed() =>
        new(400, "BadRequest", "the object provided is unrecognized or malformed: a Secret's data values must be base64 strings and stringData values strings");

    private static Task<IResult> Guard(HttpContext http, string? name, Func<RequestContext, Task<IResult>> handler) =>
        PackageRevisionEndpoints.Guard(http, Kind, name, handler, "");

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
