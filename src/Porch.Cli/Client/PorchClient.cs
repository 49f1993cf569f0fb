using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;

namespace Porch.Cli.Client;

/// <summary>
/// The Kubernetes-style REST calls porchctl makes to a Porch server (packagerevisions with their approval
/// subresource, packagerevisionresources, repositories), over <see cref="HttpClient"/> with Porch's API types.
/// </summary>
internal sealed class PorchClient : IDisposable
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";
    private readonly HttpClient _http;
    private readonly Klog? _log;

    public PorchClient(ConnectionSettings settings, Klog? log = null)
    {
        Settings = settings;
        _log = log;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) };
        if (settings.InsecureSkipTlsVerify)
        {
            // The user asked for it (--insecure-skip-tls-verify or the kubeconfig's insecure-skip-tls-verify).
#pragma warning disable CA5359 // Certificate checks are off only when the user passes --insecure-skip-tls-verify (as kubectl).
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (settings.CertificateAuthority is { } authority)
        {
            // certificate-authority(-data): the server's chain must end at one of these roots, as client-go's RootCAs.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Certificates.Validate(authority, certificate, chain, errors);
        }

        if (settings.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        _http = new HttpClient(handler) { BaseAddress = settings.Server, Timeout = TimeSpan.FromMinutes(5) };
        if (settings.Token is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>Gets the connection settings in use.</summary>
    public ConnectionSettings Settings { get; }

    /// <summary>Gets the namespace commands work in.</summary>
    public string Namespace => Settings.Namespace;

    /// <summary>The package revisions of every namespace (kubectl's <c>-A</c>).</summary>
    public static string AllPackageRevisions => $"/apis/{PorchApi.ApiVersion}/{PorchApi.PackageRevisionsResource}";

    public static string PackageRevisions(string ns) => $"/apis/{PorchApi.ApiVersion}/namespaces/{Uri.EscapeDataString(ns)}/{PorchApi.PackageRevisionsResource}";

    public static string PackageRevisionResources(string ns) => $"/apis/{PorchApi.ApiVersion}/namespaces/{Uri.EscapeDataString(ns)}/{PorchApi.PackageRevisionResourcesResource}";

    /// <summary>The Repository objects of every namespace.</summary>
    public static string AllRepositories => $"/apis/{PorchApi.ConfigApiVersion}/{PorchApi.RepositoriesResource}";

    public static string Repositories(string ns) => $"/apis/{PorchApi.ConfigApiVersion}/namespaces/{Uri.EscapeDataString(ns)}/{PorchApi.RepositoriesResource}";

    public static string Named(string collection, string name) => collection + "/" + Uri.EscapeDataString(name);

    /// <summary>GETs an object (or list) as a typed value.</summary>
    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var text = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, type) ?? throw CliException.Error($"the server sent an empty response for {path}");
    }

    /// <summary>GETs an object (or list) as JSON, or as a server-side Table when <paramref name="table"/> is set.</summary>
    public async Task<JsonObject> GetNodeAsync(string path, bool table, CancellationToken cancellationToken)
    {
        var text = await SendAsync(HttpMethod.Get, path, null, table ? TableAccept : null, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw CliException.Error($"the server sent an unexpected response for {path}");
    }

    /// <summary>POSTs (create), PUTs (replace) a typed object and returns the server's copy.</summary>
    public async Task<T> WriteAsync<T>(HttpMethod method, string path, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var body = new StringContent(JsonSerializer.Serialize(value, type), Encoding.UTF8, "application/json");
        var text = await SendAsync(method, path, body, null, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, type) ?? throw CliException.Error($"the server sent an empty response for {path}");
    }

    /// <summary>Sends a JSON merge patch.</summary>
    public async Task<JsonObject> MergePatchAsync(string path, JsonObject patch, CancellationToken cancellationToken)
    {
        var body = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/merge-patch+json");
        var text = await SendAsync(HttpMethod.Patch, path, body, null, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? new JsonObject();
    }

    /// <summary>POSTs a JSON object (for kinds outside Porch's API types, such as a Secret).</summary>
    public async Task PostNodeAsync(string path, JsonObject value, CancellationToken cancellationToken)
    {
        var body = new StringContent(value.ToJsonString(), Encoding.UTF8, "application/json");
        await SendAsync(HttpMethod.Post, path, body, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DELETEs an object.</summary>
    public Task DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? body, string? accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.TryAddWithoutValidation("Accept", accept ?? "application/json");
        HttpResponseMessage response;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            if (_log is not null)
            {
                await _log.RequestAsync(method, new Uri(Settings.Server, path), null, System.Diagnostics.Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
            }

            throw CliException.Error($"Unable to connect to the server {Settings.Server.GetLeftPart(UriPartial.Authority)}: {Innermost(ex).Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw CliException.Error($"the server {Settings.Server.GetLeftPart(UriPartial.Authority)} did not answer {method} {path} in time", ex);
        }

        if (_log is not null)
        {
            await _log.RequestAsync(method, new Uri(Settings.Server, path), response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return text;
            }

            throw ToException(response.StatusCode, text);
        }
    }

    private static PorchApiException ToException(HttpStatusCode status, string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } node && (string?)node["kind"] == "Status")
            {
                return new PorchApiException(status, (string?)node["reason"] ?? status.ToString(), (string?)node["message"] ?? status.ToString());
            }
        }
        catch (JsonException)
        {
            // Not a Status object: fall through to the HTTP status text.
        }

        var reason = status switch
        {
            HttpStatusCode.Unauthorized => "Unauthorized",
            HttpStatusCode.Forbidden => "Forbidden",
            HttpStatusCode.NotFound => "NotFound",
            _ => status.ToString(),
        };
        return new PorchApiException(status, reason, string.IsNullOrWhiteSpace(text) ? reason : text.Trim());
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
