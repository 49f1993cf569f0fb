using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    /// <summary>Gets the API's limits (the defaults when the host configured none).</summary>
    public PorchApiOptions Options { get; } = http.RequestServices.GetService<IOptions<PorchApiOptions>>()?.Value ?? new PorchApiOptions();

    /// <summary>Gets the <c>fieldValidation</c> directive: Warn when absent; an unknown one is a 400, as apiserver answers.</summary>
    public FieldValidation FieldValidation => Query("fieldValidation") switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        var other => throw ApiStatusException.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };

    public string? Query(string key) => Http.Request.Query.TryGetValue(key, out var v) && v.Count > 0 ? v[0] : null;

    public bool IsWatch => Query("watch") is "1" or "true" or "True";

    public bool WantsTable => Tables.Wanted(Http.Request.Headers.Accept.ToString());

    /// <summary>Gets the request's content type, or empty when it sent none.</summary>
    public string ContentType => Http.Request.ContentType ?? "";

    /// <summary>The version a list is consistent with: the watch stream's position before the list was read.</summary>
    public string ListVersion() => (Watches?.CurrentVersion ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
