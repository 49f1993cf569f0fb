using System.Globalization;

namespace Porch.Cli.Infrastructure;

/// <summary>
/// kubectl's <c>-v=N</c> lines on stderr in klog's text header (<c>I1206 07:49:59.281076   23714 file.go:N] msg</c>),
/// with the call sites kubectl 1.32 prints: the kubeconfig loader and client-go's round tripper.
/// </summary>
internal sealed class Klog(TextWriter writer, int level)
{
    /// <summary>kubectl logs each request (verb, URL, status, duration) from this level.</summary>
    public const int RequestLevel = 6;

    /// <summary>A bare <c>-v</c> is this level; it also prints a failure's stack trace.</summary>
    public const int StackTraceLevel = 10;

    public int Level { get; } = level;

    public bool Enabled(int verbosity) => Level >= verbosity;

    public Task ConfigLoadedAsync(string path) => InfoAsync(RequestLevel, "loader.go:402", "Config loaded from file:  " + path);

    /// <summary>client-go's round tripper line: <c>GET https://... 200 OK in 5 milliseconds</c> (an empty status when no answer came).</summary>
    public Task RequestAsync(HttpMethod method, Uri url, System.Net.HttpStatusCode? status, TimeSpan elapsed)
    {
        var statusText = status is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) + " " + StatusText(code) : "";
        return InfoAsync(RequestLevel, "round_trippers.go:560", FormattableString.Invariant($"{method.Method} {url} {statusText} in {(long)elapsed.TotalMilliseconds} milliseconds"));
    }

    private async Task InfoAsync(int verbosity, string site, string message)
    {
        if (!Enabled(verbosity))
        {
            return;
        }

        var now = DateTime.Now;
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture).PadLeft(7);
        await writer.WriteLineAsync(FormattableString.Invariant($"I{now:MMdd HH:mm:ss.ffffff} {pid} {site}] {message}")).ConfigureAwait(false);
    }

    /// <summary>Go's http.StatusText for the codes a Porch server answers with.</summary>
    private static string StatusText(System.Net.HttpStatusCode code) => code switch
    {
        System.Net.HttpStatusCode.OK => "OK",
        System.Net.HttpStatusCode.Created => "Created",
        System.Net.HttpStatusCode.BadRequest => "Bad Request",
        System.Net.HttpStatusCode.Unauthorized => "Unauthorized",
        System.Net.HttpStatusCode.Forbidden => "Forbidden",
        System.Net.HttpStatusCode.NotFound => "Not Found",
        System.Net.HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        System.Net.HttpStatusCode.Conflict => "Conflict",
        System.Net.HttpStatusCode.UnsupportedMediaType => "Unsupported Media Type",
        System.Net.HttpStatusCode.UnprocessableEntity => "Unprocessable Entity",
        System.Net.HttpStatusCode.InternalServerError => "Internal Server Error",
        System.Net.HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => code.ToString(),
    };
}
