using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Engine.Api;

namespace Porch.LoadTest;

/// <summary>The same steps through the Kubernetes-style API of samples/Server.</summary>
internal sealed class HttpClientAdapter : IPorchClient, IDisposable
{
    private const string Revisions = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions";
    private const string Resources = "/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisionresources";
    private readonly HttpClient _http;
    private readonly string _repository;

    public HttpClientAdapter(string address, string token, string repository)
    {
#pragma warning disable CA5400, CA2000 // Loopback client for the sample's self-signed certificate; the client owns the handler.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
#pragma warning restore CA5400, CA2000
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _repository = repository;
    }

    public async Task<string> CreateAsync(string package, CancellationToken cancellationToken)
    {
        var body = new PackageRevision
        {
            Metadata = new ObjectMeta { Namespace = "default" },
            Spec = new PackageRevisionSpec { Repository = _repository, PackageName = package, WorkspaceName = "v1" },
        };
        var created = await SendAsync(HttpMethod.Post, Revisions, JsonSerializer.Serialize(body, PorchJsonContext.Default.PackageRevision), cancellationToken).ConfigureAwait(false);
        return created["metadata"]!["name"]!.GetValue<string>();
    }

    public async Task EditAsync(string name, string file, string content, CancellationToken cancellationToken)
    {
        var resources = await SendAsync(HttpMethod.Get, Resources + "/" + name, null, cancellationToken).ConfigureAwait(false);
        resources["spec"]!["resources"]![file] = content;
        await SendAsync(HttpMethod.Put, Resources + "/" + name, resources.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task ProposeAsync(string name, CancellationToken cancellationToken)
    {
        var pr = await SendAsync(HttpMethod.Get, Revisions + "/" + name, null, cancellationToken).ConfigureAwait(false);
        pr["spec"]!["lifecycle"] = "Proposed";
        await SendAsync(HttpMethod.Put, Revisions + "/" + name, pr.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ApproveAsync(string name, CancellationToken cancellationToken)
    {
        var pr = await SendAsync(HttpMethod.Get, Revisions + "/" + name, null, cancellationToken).ConfigureAwait(false);
        pr["spec"]!["lifecycle"] = "Published";
        var approved = await SendAsync(HttpMethod.Put, Revisions + "/" + name + "/approval", pr.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return approved["spec"]!["revision"]?.GetValue<int>() ?? 0;
    }

    /// <summary>The revision's lifecycle and revision number.</summary>
    public async Task<(string Lifecycle, int Revision)> GetAsync(string name, CancellationToken cancellationToken)
    {
        var pr = await SendAsync(HttpMethod.Get, Revisions + "/" + name, null, cancellationToken).ConfigureAwait(false);
        return (pr["spec"]!["lifecycle"]?.GetValue<string>() ?? "Draft", pr["spec"]!["revision"]?.GetValue<int>() ?? 0);
    }

    /// <summary>Opens a watch of the namespace's package revisions (from the current state on); the caller reads its lines.</summary>
    public async Task<Stream> OpenWatchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Revisions + "?watch=true");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new HttpRequestException($"watch: {(int)response.StatusCode} {text}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ConflictException(text);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
