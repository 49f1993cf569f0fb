using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LibGit2Sharp;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// libgit2's certificate check for an HTTPS remote with a CA bundle: a certificate the system trusts is accepted (libgit2
/// verified chain and host name); otherwise the server's certificate must chain to a certificate of the bundle
/// (<see cref="X509ChainTrustMode.CustomRootTrust"/>, the bundle's other certificates serving as intermediates, TLS
/// server use) and name the host. As Porch, whose go-git transport adds the bundle to the system's roots.
/// </summary>
internal sealed class CaBundleTrust
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private readonly X509Certificate2Collection _bundle = [];
    private readonly string? _bundleProblem;

    public CaBundleTrust(string pem)
    {
        try
        {
            _bundle.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            _bundleProblem = "the CA bundle is not valid PEM";
        }

        if (_bundleProblem is null && _bundle.Count == 0)
        {
            _bundleProblem = "the CA bundle holds no certificate";
        }
    }

    /// <summary>Gets why the last certificate was refused, or null.</summary>
    public string? Rejection { get; private set; }

    /// <summary>The <see cref="LibGit2Sharp.Handlers.CertificateCheckHandler"/>.</summary>
    public bool Check(Certificate certificate, bool valid, string host)
    {
        if (valid)
        {
            return true;
        }

        if (certificate is not CertificateX509 { Certificate: { } presented })
        {
            Rejection = "the server presented no X.509 certificate";
            return false;
        }

        if (_bundleProblem is not null)
        {
            Rejection = _bundleProblem;
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_bundle);
        chain.ChainPolicy.ExtraStore.AddRange(_bundle);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (!chain.Build(leaf))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(static s => s.Status.ToString()).Distinct(StringComparer.Ordinal));
            Rejection = $"it does not chain to the repository's CA bundle ({status})";
            return false;
        }

        if (!leaf.MatchesHostname(host))
        {
            Rejection = $"it chains to the repository's CA bundle but does not name host {host}";
            return false;
        }

        Rejection = null;
        return true;
    }
}
