using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Porch.Samples.Server;

/// <summary>
/// Client certificates as kube-apiserver reads them (opt-in with <c>Porch:ClientCa</c>): Kestrel checks the chain
/// against that CA; the subject's common name is the user and an organization <c>editor</c> gives the editor role.
/// </summary>
internal sealed class ClientCertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClientCertificate";

    /// <summary>The scheme that picks the client certificate when the connection has one, else the bearer token.</summary>
    public const string SelectorScheme = "Porch";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Connection.ClientCertificate is not { } certificate)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var user = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var organizations = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(n => n.GetSingleElementType().Value == "2.5.4.10")
            .Select(n => n.GetSingleElementValue())
            .ToList();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user), new Claim(ClaimTypes.Role, organizations.Contains("editor") ? "editor" : "viewer")],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        StaticTokenAuthenticationHandler.WriteStatusAsync(Response, 401, "Unauthorized", "Unauthorized");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        StaticTokenAuthenticationHandler.WriteStatusAsync(Response, 403, "Forbidden", $"user \"{Context.User.Identity?.Name}\" cannot {Request.Method.ToLowerInvariant()} this resource");

    /// <summary>Kestrel's check of a presented certificate: its chain must end at <paramref name="authority"/>.</summary>
    public static bool Validate(X509Certificate2Collection authority, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }
}
