using System.CommandLine;
using Porch.Cli.Infrastructure;

namespace Porch.Cli.Client;

/// <summary>Where the server is and how to authenticate: flags first, then the kubeconfig, then defaults.</summary>
internal sealed record ConnectionSettings(Uri Server, string Namespace, string? Token, bool InsecureSkipTlsVerify)
{
    /// <summary>Resolves the settings from the global options of <paramref name="parse"/>.</summary>
    /// <exception cref="CliException">No server is given and no kubeconfig names one.</exception>
    public static async Task<ConnectionSettings> ResolveAsync(ParseResult parse, GlobalOptions options, CancellationToken cancellationToken)
    {
        var kubeconfigPath = parse.GetValue(options.Kubeconfig) ?? DefaultKubeconfig();
        var config = kubeconfigPath is not null && (parse.GetValue(options.Kubeconfig) is not null || File.Exists(kubeconfigPath))
            ? await KubeConfig.LoadAsync(kubeconfigPath, parse.GetValue(options.Context), cancellationToken).ConfigureAwait(false)
            : new KubeConfig(null, null, null, false);
        var server = parse.GetValue(options.Server) ?? config.Server
            ?? throw CliException.Error("no server: pass --server URL or a --kubeconfig whose current context names a cluster");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw CliException.Error($"invalid server address \"{server}\": expected an http or https URL");
        }

        return new ConnectionSettings(
            uri,
            parse.GetValue(options.Namespace) ?? config.Namespace ?? "default",
            parse.GetValue(options.Token) ?? config.Token,
            parse.GetValue(options.InsecureSkipTlsVerify) || config.InsecureSkipTlsVerify);
    }

    /// <summary>kubectl's lookup: the first file of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    private static string? DefaultKubeconfig()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
    }
}
