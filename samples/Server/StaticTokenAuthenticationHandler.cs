using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Porch.Samples.Server;

/// <summary>Bearer tokens from configuration (<c>Porch:Tokens:&lt;token&gt; = &lt;user&gt;:&lt;role&gt;</c>); the role is <c>editor</c> or <c>viewer</c>.</summary>
internal sealed class StaticTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "StaticToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = header["Bearer ".Length..].Trim();
        var entry = configuration.GetSection("Porch:Tokens").GetChildren()
            .FirstOrDefault(t => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(t.Key), System.Text.Encoding.UTF8.GetBytes(token)));
        if (entry?.Value is not { } value)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid bearer token"));
        }

        var parts = value.Split(':', 2);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, parts[0]), new Claim(ClaimTypes.Role, parts.Length > 1 ? parts[1] : "viewer")],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteStatusAsync(Response, 401, "Unauthorized", "Unauthorized");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteStatusAsync(Response, 403, "Forbidden", $"user \"{Context.User.Identity?.Name}\" cannot {Request.Method.ToLowerInvariant()} this resource");

    /// <summary>A Kubernetes Status for an authentication answer.</summary>
    public static Task WriteStatusAsync(HttpResponse response, int code, string reason, string message)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        var status = new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        return response.WriteAsync(status.ToJsonString());
    }
}
