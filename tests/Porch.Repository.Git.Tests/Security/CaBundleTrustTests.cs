using System.Security.Cryptography.X509Certificates;
using LibGit2Sharp;
using Porch.Repository.Git.Backend;
using Porch.Repository.Git.Tests.Infrastructure;

namespace Porch.Repository.Git.Tests.Security;

/// <summary>libgit2's certificate check with a CA bundle: chain to the bundle and the host name, or what the system trusts.</summary>
public sealed class CaBundleTrustTests : IDisposable
{
    private readonly TestCertificates _ca = new();
    private readonly TestCertificates _other = new("Other Test CA");

    public void Dispose()
    {
        _ca.Dispose();
        _other.Dispose();
    }

    [Fact]
    public void Check_IssuedByTheBundlesCaForTheHost_Accepted()
    {
        using var server = _ca.IssueServerCertificate();
        var trust = new CaBundleTrust(_ca.AuthorityPem);

        Assert.True(trust.Check(new PresentedCertificate(server), valid: false, "127.0.0.1"));
        Assert.True(trust.Check(new PresentedCertificate(server), valid: false, "localhost"));
        Assert.Null(trust.Rejection);
    }

    [Fact]
    public void Check_SystemAlreadyTrustsIt_Accepted()
    {
        using var server = _other.IssueServerCertificate();
        Assert.True(new CaBundleTrust(_ca.AuthorityPem).Check(new PresentedCertificate(server), valid: true, "127.0.0.1"));
    }

    [Fact]
    public void Check_IssuedByAnotherCa_Refused()
    {
        using var server = _other.IssueServerCertificate();
        var trust = new CaBundleTrust(_ca.AuthorityPem);

        Assert.False(trust.Check(new PresentedCertificate(server), valid: false, "127.0.0.1"));
        Assert.StartsWith("it does not chain to the repository's CA bundle (", trust.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BundlesCaButAnotherHost_Refused()
    {
        using var server = _ca.IssueServerCertificate("git.elsewhere.example");
        var trust = new CaBundleTrust(_ca.AuthorityPem);

        Assert.False(trust.Check(new PresentedCertificate(server), valid: false, "127.0.0.1"));
        Assert.Equal("it chains to the repository's CA bundle but does not name host 127.0.0.1", trust.Rejection);
    }

    [Theory]
    [InlineData("not a certificate", "the CA bundle holds no certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", "the CA bundle is not valid PEM")]
    public void Check_UnusableBundle_RefusedSayingWhy(string pem, string reason)
    {
        using var server = _ca.IssueServerCertificate();
        var trust = new CaBundleTrust(pem);

        Assert.False(trust.Check(new PresentedCertificate(server), valid: false, "127.0.0.1"));
        Assert.Equal(reason, trust.Rejection);
    }

    private sealed class PresentedCertificate(X509Certificate2 certificate) : CertificateX509
    {
        public override X509Certificate Certificate { get; } = X509CertificateLoader.LoadCertificate(certificate.RawData);
    }
}
