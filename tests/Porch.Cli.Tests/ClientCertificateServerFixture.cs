using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Cli.Tests;

/// <summary>
/// samples/Server serving a certificate signed by a test CA and accepting client certificates of that CA
/// (<c>Porch:TlsCertificate</c>, <c>Porch:TlsKey</c>, <c>Porch:ClientCa</c>); the CA, the server's and two clients'
/// certificates (carol, an editor; dave, a viewer) are made here with <see cref="CertificateRequest"/> and written as PEM.
/// </summary>
public sealed class ClientCertificateServerFixture : PorchServerFixture
{
    public ClientCertificateServerFixture()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=porch-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
        CaPem = ca.ExportCertificatePem();
        File.WriteAllText(CaFile, CaPem);

        var (serverPem, serverKey) = Issue(ca, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", serverName: true);
        File.WriteAllText(Path.Combine(WorkDir, "server.pem"), serverPem);
        File.WriteAllText(Path.Combine(WorkDir, "server.key"), serverKey);
        (EditorPem, EditorKey) = Issue(ca, "CN=carol, O=editor", "1.3.6.1.5.5.7.3.2", serverName: false);
        (ViewerPem, ViewerKey) = Issue(ca, "CN=dave, O=viewers", "1.3.6.1.5.5.7.3.2", serverName: false);
    }

    public string CaFile => Path.Combine(WorkDir, "ca.pem");

    public string CaPem { get; }

    public string EditorPem { get; }

    public string EditorKey { get; }

    public string ViewerPem { get; }

    public string ViewerKey { get; }

    protected override IEnumerable<string> ServerArguments =>
    [
        "--Porch:TlsCertificate", Path.Combine(WorkDir, "server.pem"),
        "--Porch:TlsKey", Path.Combine(WorkDir, "server.key"),
        "--Porch:ClientCa", CaFile,
    ];

    private static (string Certificate, string Key) Issue(X509Certificate2 ca, string subject, string usage, bool serverName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (serverName)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
