using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// Core <c>v1</c> Namespaces, as far as <c>kubectl create namespace</c>, <c>kubectl get namespaces</c> and porchctl's
/// checks need them: list, get and create. The namespaces are <c>default</c>, the ones created here, and every
/// namespace that holds a Repository or a Secret (so a restart that keeps those keeps their namespaces). apiserver's
/// texts: <c>namespaces "x" not found</c>, <c>namespaces "x" already exists</c>, the RFC 1123 label rule.
/// </summary>
internal static partial class NamespaceEndpoints
{
    private const string Kind = "namespaces";

    /// <summary>The created namespaces of one host, keyed by its secret store (a singleton per host).</summary>
    private static readonly ConditionalWeakTable<ISecretStore, ConcurrentDictionary<string, JsonObject>> Created = [];

    public static Task<IResult> ListAsync(HttpContext http) => Guard(http, null, async request =>
    {
        var all = await AllAsync(http, request.Aborted).ConfigureAwait(false);
        var items = all.Values.OrderBy(n => n["metadata"]!["name"]!.GetValue<string>(), StringComparer.Ordinal).Select(n => (JsonNode?)n.DeepClone()).ToList();
        if (request.WantsTable)
        {
            return KubeJson.Result(Tables.Namespaces(items.OfType<JsonObject>(), "0"));
        }

        return KubeJson.Result(new JsonObject { ["kind"] = "NamespaceList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "0" }, ["items"] = new JsonArray([.. items]) });
    });

    public static Task<IResult> GetAsync(HttpContext http, string name) => Guard(http, name, async request =>
    {
        var all = await AllAsync(http, request.Aborted).ConfigureAwait(false);
        if (!all.TryGetValue(name, out var found))
        {
            throw new ApiStatusException(404, "NotFound", $"namespaces \"{name}\" not found", new JsonObject { ["name"] = name, ["kind"] = Kind });
        }

        var copy = found.DeepClone().AsObject();
        return request.WantsTable ? KubeJson.Result(Tables.Namespaces([copy], "0")) : KubeJson.Result(copy);
    });

    public static Task<IResult> CreateAsync(HttpContext http) => Guard(http, null, async request =>
    {
        JsonObject body;
        try
        {
            body = await CoreMediaType.ReadAsync(request).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ApiStatusException.BadRequest("the object provided is unrecognized or malformed: " + ex.Message);
        }

        var name = body["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (name.Length == 0)
        {
            throw Invalid(name, "metadata.name", "FieldValueRequired", "Required value: name or generateName is required");
        }

        if (LabelError(name) is { } error)
        {
            throw Invalid(name, "metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": {error}");
        }

        var all = await AllAsync(http, request.Aborted).ConfigureAwait(false);
        var created = Make(name, body["metadata"]?["labels"] as JsonObject);
        if (all.ContainsKey(name) || (!SecretEndpoints.DryRun(request) && !Registry(http).TryAdd(name, created)))
        {
            return KubeStatus.Failure(409, "AlreadyExists", $"namespaces \"{name}\" already exists", "", Kind, name);
        }

        return KubeJson.Result(created.DeepClone(), 201);
    });

    /// <summary>Records a namespace an object was written to (as a cluster would have it).</summary>
    public static void Known(HttpContext http, string name) => Registry(http).TryAdd(name, Make(name, null));

    /// <summary>apimachinery's <c>IsDNS1123Label</c> message, or null for a valid label.</summary>
    public static string? LabelError(string value) =>
        value.Length > 63 ? "must be no more than 63 characters"
        : Label().IsMatch(value) ? null
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>apimachinery's <c>IsDNS1123Subdomain</c> message, or null for a valid subdomain.</summary>
    public static string? SubdomainError(string value) =>
        value.Length > 253 ? "must be no more than 253 characters"
        : Subdomain().IsMatch(value) ? null
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private static async Task<Dictionary<string, JsonObject>> AllAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, JsonObject>(Registry(http), StringComparer.Ordinal);
        var implicitNames = new List<string> { "default" };
        var repositories = await http.RequestServices.GetRequiredService<IReferenceResolver>().ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false);
        implicitNames.AddRange(repositories.Select(r => r.Metadata.Namespace ?? ""));
        var secrets = await http.RequestServices.GetRequiredService<ISecretStore>().ListAsync(null, cancellationToken).ConfigureAwait(false);
        implicitNames.AddRange(secrets.Select(s => s.Namespace));
        foreach (var name in implicitNames.Where(n => n.Length > 0 && !all.ContainsKey(n)))
        {
            all[name] = Registry(http).GetOrAdd(name, n => Make(n, null));
        }

        return all;
    }

    private static ConcurrentDictionary<string, JsonObject> Registry(HttpContext http) =>
        Created.GetValue(http.RequestServices.GetRequiredService<ISecretStore>(), _ => new ConcurrentDictionary<string, JsonObject>(StringComparer.Ordinal));

    private static JsonObject Make(string name, JsonObject? labels)
    {
        var allLabels = labels?.DeepClone().AsObject() ?? [];
        allLabels["kubernetes.io/metadata.name"] = name;
        return new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = Guid.NewGuid().ToString(),
                ["resourceVersion"] = "1",
                ["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["labels"] = allLabels,
            },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
    }

    private static ApiStatusException Invalid(string name, string field, string reason, string message) => new(422, "Invalid", $"Namespace \"{name}\" is invalid: {field}: {message}", new JsonObject
    {
        ["name"] = name,
        ["kind"] = "Namespace",
        ["causes"] = new JsonArray(new JsonObject { ["reason"] = reason, ["message"] = message, ["field"] = field }),
    });

    private static Task<IResult> Guard(HttpContext http, string? name, Func<RequestContext, Task<IResult>> handler) =>
        PackageRevisionEndpoints.Guard(http, Kind, name, handler, "");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
