using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Tests.Client;

/// <summary>
/// Both transports of Porch's runner address: <c>https://</c> (TLS, HTTP/2 by ALPN) and <c>http://</c> (h2c, HTTP/2 with
/// prior knowledge, as Porch's function runner listens).
/// </summary>
public sealed class TransportSecurityTests
{
    [Fact]
    public async Task RunAsync_HttpsAddress_CallsOverTlsWithTheGivenHandler()
    {
        using var certificate = SelfSigned();
        await using var host = await FunctionRunnerHost.StartAsync(certificate: certificate);
        Assert.Equal("https", host.Address.Scheme);
        var seen = 0;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    Interlocked.Increment(ref seen);
                    return presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
                },
            },
        };
        using var runtime = GrpcFunctionRuntimeTests.Runtime(host.Address, o => o.HttpHandler = handler);

        var output = await GrpcFunctionRuntimeTests.RunAsync(runtime, TestFunctionRuntime.NoOp, Resources.List(2));

        Assert.Equal(2, output.Items.Count);
        Assert.True(Volatile.Read(ref seen) >= 1);
    }

    [Fact]
    public async Task RunAsync_HttpsAddress_UntrustedCertificate_FailsNamingTheCertificateError()
    {
        using var certificate = SelfSigned();
        await using var host = await FunctionRunnerHost.StartAsync(certificate: certificate);
        using var runtime = GrpcFunctionRuntimeTests.Runtime(host.Address, o => o.MaxAttempts = 1);

        var ex = await Assert.ThrowsAsync<Porch.Krm.Functions.FunctionEvaluationException>(() => GrpcFunctionRuntimeTests.RunAsync(runtime, TestFunctionRuntime.NoOp, Resources.List(1)));

        // grpc-dotnet's status for a TLS handshake that fails (INTERNAL, so it is not retried), with the reason.
        Assert.StartsWith($"func eval \"{TestFunctionRuntime.NoOp}\" failed: rpc error: code = Internal desc = ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PlainHttpAddress_CallsOverH2c()
    {
        await using var host = await FunctionRunnerHost.StartAsync();
        Assert.Equal("http", host.Address.Scheme);
        using var runtime = GrpcFunctionRuntimeTests.Runtime(host.Address);

        var output = await GrpcFunctionRuntimeTests.RunAsync(runtime, TestFunctionRuntime.NoOp, Resources.List(2));

        Assert.Equal(2, output.Items.Count);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
