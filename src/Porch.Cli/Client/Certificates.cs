using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Cli.Client;

/// <summary>PEM certificates from a kubeconfig: the cluster's certificate authority and the user's client certificate.</summary>
internal static class Certificates
{
    /// <summary>The CA bundle (one or more PEM certificates).</summary>
    public static X509Certificate2Collection Authority(string pem)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw Infrastructure.CliException.Error("unable to load root certificates: " + ex.Message, ex);
        }

        if (collection.Count == 0)
        {
            throw Infrastructure.CliException.Error("unable to load root certificates: unable to parse bytes as PEM block");
        }

        return collection;
    }

    /// <summary>A client certificate with its private key, usable by TLS on every platform (through PKCS#12).</summary>
    public static X509Certificate2 ClientCertificate(string certificatePem, string keyPem)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (CryptographicException ex)
        {
            throw Infrastructure.CliException.Error("tls: failed to find any PEM data in certificate input: " + ex.Message, ex);
        }
    }

    /// <summary>Checks the server's chain against <paramref name="authority"/> only (client-go's RootCAs), and its name.</summary>
    public static bool Validate(X509Certificate2Collection authority, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
