using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Porch.Engine;
using Porch.Watch;

namespace Porch.AspNetCore.Internal;

/// <summary>What every handler needs from one request.</summary>
internal sealed class RequestContext(HttpContext http)
{
    public HttpContext Http { get; } = http;

    public IPorchEngine Engine { get; } = http.RequestServices.GetRequiredService<IPorchEngine>();

    public IPackageRevisionWatchService? Watches { get; } = http.RequestServices.GetService<IPackageRevisionWatchService>();

    public CancellationToken Aborted => Http.RequestAborted;

    public string? Query(string key) => Http.Request.Query.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;

    public bool IsWatch => Query("watch") is "1" or "true" or "True";

    public bool WantsTable => Tables.Wanted(Http.Request.Headers.Accept.ToString());

    public string ContentType => Http.Request.ContentType ?? KubeJson.ContentType;

    /// <summary>The version a list is consistent with: the watch stream's position before the list was read.</summary>
    public string ListVersion() => (Watches?.CurrentVersion ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
