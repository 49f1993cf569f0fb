using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>A certificate authority made in the test (CertificateRequest) and server certificates it issues.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string name = "Porch Test CA")
    {
        var request = new CertificateRequest("CN=" + name, _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Authority = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>Gets the CA certificate.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Gets the CA certificate as PEM (a <c>ca.crt</c>).</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Issues a TLS server certificate (with its private key) for <c>localhost</c> and 127.0.0.1, or for <paramref name="dnsName"/> only.</summary>
    public X509Certificate2 IssueServerCertificate(string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dnsName ?? "localhost"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null)
        {
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
        }
        else
        {
            names.AddDnsName(dnsName);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Authority, now.AddHours(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives Kestrel a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }
}
