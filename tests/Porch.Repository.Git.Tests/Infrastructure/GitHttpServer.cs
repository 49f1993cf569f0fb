using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>
/// Smart HTTP(S) for tests: Kestrel on 127.0.0.1 checks basic (or bearer) credentials and runs <c>git http-backend</c> as a
/// CGI program for every request (body to stdin, CGI headers parsed from stdout).
/// </summary>
internal sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GitHttpServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int UnauthorizedResponses { get; private set; }

    /// <summary>Gets or sets the basic credentials the server accepts (<c>user:password</c>).</summary>
    public string BasicCredentials { get; set; } = "";

    /// <summary>Starts the server; with <paramref name="certificate"/> it serves HTTPS (TLS) with that certificate.</summary>
    public static async Task<GitHttpServer> StartAsync(string projectRoot, string user, string password, string bearerToken, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        GitHttpServer? server = null;
        var bearer = "Bearer " + bearerToken;
        app.Run(async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(server!.BasicCredentials));
            if (authorization != basic && authorization != bearer)
            {
                server!.UnauthorizedResponses++;
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
                return;
            }

            await RunBackendAsync(context, projectRoot, user);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new GitHttpServer(app, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)) { BasicCredentials = user + ":" + password };
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task RunBackendAsync(HttpContext context, string projectRoot, string user)
    {
        var request = context.Request;
        var psi = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("http-backend");
        psi.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        psi.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        psi.Environment["REQUEST_METHOD"] = request.Method;
        psi.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        psi.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        psi.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        psi.Environment["REMOTE_USER"] = user;
        psi.Environment["REMOTE_ADDR"] = "127.0.0.1";
        psi.Environment["GIT_PROTOCOL"] = request.Headers["Git-Protocol"].ToString();
        psi.Environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        if (request.ContentLength is { } length)
        {
            psi.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(psi)!;
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        var feed = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });

        var stdout = process.StandardOutput.BaseStream;
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd = -1, separator = 0;
        while (headerEnd < 0)
        {
            var n = await stdout.ReadAsync(chunk);
            if (n == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, n);
            (headerEnd, separator) = FindHeaderEnd(buffer.GetBuffer(), (int)buffer.Length);
        }

        var all = buffer.ToArray();
        var headerText = Encoding.ASCII.GetString(all, 0, Math.Max(0, headerEnd));
        foreach (var line in headerText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        var bodyStart = headerEnd < 0 ? all.Length : headerEnd + separator;
        await context.Response.Body.WriteAsync(all.AsMemory(bodyStart));
        await stdout.CopyToAsync(context.Response.Body);
        await feed;
        await process.WaitForExitAsync();
    }

    private static (int Index, int Length) FindHeaderEnd(byte[] data, int length)
    {
        for (var i = 0; i < length - 1; i++)
        {
            if (data[i] == '\n' && data[i + 1] == '\n')
            {
                return (i, 2);
            }

            if (i < length - 3 && data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return (i, 4);
            }
        }

        return (-1, 0);
    }
}
