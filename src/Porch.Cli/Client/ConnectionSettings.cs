using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Porch.Cli.Infrastructure;

namespace Porch.Cli.Client;

/// <summary>Where the server is and how to authenticate: flags first, then the kubeconfig, then defaults.</summary>
internal sealed record ConnectionSettings(Uri Server, string Namespace, string? Token, bool InsecureSkipTlsVerify)
{
    /// <summary>Gets the CA bundle the server's certificate must chain to (the system's when null).</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    /// <summary>Gets the client certificate presented to the server.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Gets the kubeconfig files read (logged at <c>-v=6</c>).</summary>
    public IReadOnlyList<string> LoadedFiles { get; init; } = [];

    /// <summary>Resolves the settings from the global options of <paramref name="parse"/>.</summary>
    /// <exception cref="CliException">No server is given and no kubeconfig names one.</exception>
    public static async Task<ConnectionSettings> ResolveAsync(ParseResult parse, GlobalOptions options, CancellationToken cancellationToken)
    {
        var explicitPath = parse.GetValue(options.Kubeconfig);
        var config = await KubeConfig.LoadAsync(explicitPath is not null ? [explicitPath] : DefaultKubeconfigs(), explicitPath is not null, parse.GetValue(options.Context), cancellationToken).ConfigureAwait(false);
        var server = parse.GetValue(options.Server) ?? config.Server
            ?? throw CliException.Error("no server: pass --server URL or a --kubeconfig whose current context names a cluster");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw CliException.Error($"invalid server address \"{server}\": expected an http or https URL");
        }

        var token = parse.GetValue(options.Token) ?? config.Token;
        var clientCertificate = config.ClientCertificate;
        if (token is null && clientCertificate is null && config.Exec is { } exec)
        {
            var (execToken, certificatePem, keyPem) = await exec.RunAsync(cancellationToken).ConfigureAwait(false);
            token = string.IsNullOrEmpty(execToken) ? null : execToken;
            clientCertificate = certificatePem is not null && keyPem is not null ? Certificates.ClientCertificate(certificatePem, keyPem) : null;
        }

        // kubectl's precedence: --namespace, the context's namespace, then the NAMESPACE variable Porch's
        // EnsureNamespace reads, then "default".
        var ns = parse.GetValue(options.Namespace) ?? config.Namespace
            ?? (Environment.GetEnvironmentVariable("NAMESPACE") is { Length: > 0 } fromEnvironment ? fromEnvironment : "default");
        return new ConnectionSettings(uri, ns, token, parse.GetValue(options.InsecureSkipTlsVerify) || config.InsecureSkipTlsVerify)
        {
            CertificateAuthority = config.CertificateAuthority,
            ClientCertificate = clientCertificate,
            LoadedFiles = config.LoadedFiles ?? [],
        };
    }

    /// <summary>client-go's lookup: every file of <c>KUBECONFIG</c> (merged in order), else <c>~/.kube/config</c>.</summary>
    private static List<string> DefaultKubeconfigs()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? [] : [Path.Combine(home, ".kube", "config")];
    }
}
