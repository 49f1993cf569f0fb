using System.Security.Cryptography.X509Certificates;
using Porch.Krm;

namespace Porch.Cli.Client;

/// <summary>
/// What porchctl takes from kubeconfig files, as client-go's loader reads them: several files (the <c>KUBECONFIG</c>
/// list) merged with the first file to set a value winning, the current (or <c>--context</c>) context's cluster
/// (<c>server</c>, <c>certificate-authority</c>/<c>-data</c>, <c>insecure-skip-tls-verify</c>), user (<c>token</c>,
/// <c>tokenFile</c>, <c>client-certificate</c>/<c>-data</c> with <c>client-key</c>/<c>-data</c>, <c>exec</c>) and
/// namespace. File paths are relative to the file that names them.
/// </summary>
internal sealed record KubeConfig(
    string? Server,
    string? Namespace,
    string? Token,
    bool InsecureSkipTlsVerify,
    X509Certificate2Collection? CertificateAuthority = null,
    X509Certificate2? ClientCertificate = null,
    ExecPlugin? Exec = null,
    IReadOnlyList<string>? LoadedFiles = null)
{
    public static KubeConfig Empty { get; } = new(null, null, null, false);

    /// <summary>Reads and merges <paramref name="paths"/> (missing files are skipped unless <paramref name="required"/>).</summary>
    /// <exception cref="Infrastructure.CliException">A file cannot be read, or names a context, cluster or user it does not define.</exception>
    public static async Task<KubeConfig> LoadAsync(IReadOnlyList<string> paths, bool required, string? contextName, CancellationToken cancellationToken)
    {
        var files = new List<(string Path, YamlNode Root)>();
        foreach (var path in paths)
        {
            if (!required && !File.Exists(path))
            {
                continue;
            }

            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw Infrastructure.CliException.Error($"cannot read kubeconfig {path}: {ex.Message}", ex);
            }

            try
            {
                files.Add((path, KrmYaml.ReadDocument(text, path).Root));
            }
            catch (KrmYamlException ex)
            {
                throw Infrastructure.CliException.Error($"invalid kubeconfig {path}: {ex.Message}", ex);
            }
        }

        var loaded = files.Select(f => f.Path).ToList();
        var contextKey = contextName ?? files.Select(f => Scalar(f.Root, "current-context")).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        if (string.IsNullOrEmpty(contextKey))
        {
            return Empty with { LoadedFiles = loaded };
        }

        var (context, _) = Named(files, "contexts", contextKey, "context");
        if (context is null)
        {
            throw Infrastructure.CliException.Error($"context was not found for specified context: {contextKey}");
        }

        var clusterName = Scalar(context, "cluster");
        var userName = Scalar(context, "user");
        var (cluster, clusterFile) = clusterName is null ? (null, null) : Named(files, "clusters", clusterName, "cluster");
        var (user, userFile) = userName is null ? (null, null) : Named(files, "users", userName, "user");
        if (clusterName is not null && cluster is null)
        {
            throw Infrastructure.CliException.Error($"cluster \"{clusterName}\" of context \"{contextKey}\" does not exist");
        }

        string? token = null;
        X509Certificate2? clientCertificate = null;
        ExecPlugin? exec = null;
        if (user is not null)
        {
            token = Scalar(user, "token");
            if (token is null && Scalar(user, "tokenFile") is { } tokenFile)
            {
                token = (await File.ReadAllTextAsync(Resolve(userFile!, tokenFile), cancellationToken).ConfigureAwait(false)).Trim();
            }

            var certificatePem = await DataOrFileAsync(user, "client-certificate", userFile!, cancellationToken).ConfigureAwait(false);
            var keyPem = await DataOrFileAsync(user, "client-key", userFile!, cancellationToken).ConfigureAwait(false);
            if (certificatePem is not null || keyPem is not null)
            {
                if (certificatePem is null || keyPem is null)
                {
                    throw Infrastructure.CliException.Error("client-cert-data and client-key-data must be specified together");
                }

                clientCertificate = Certificates.ClientCertificate(certificatePem, keyPem);
            }

            if (user.Get("exec") is { Kind: YamlNodeKind.Mapping } execNode)
            {
                exec = ExecPlugin.From(execNode);
            }
        }

        X509Certificate2Collection? authority = null;
        if (cluster is not null && await DataOrFileAsync(cluster, "certificate-authority", clusterFile!, cancellationToken).ConfigureAwait(false) is { } caPem)
        {
            authority = Certificates.Authority(caPem);
        }

        return new KubeConfig(
            cluster is null ? null : Scalar(cluster, "server"),
            Scalar(context, "namespace"),
            token,
            cluster is not null && string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            authority,
            clientCertificate,
            exec,
            loaded);
    }

    /// <summary>A PEM value given inline (<c>&lt;key&gt;-data</c>, base64) or as a file (<c>&lt;key&gt;</c>).</summary>
    private static async Task<string?> DataOrFileAsync(YamlNode node, string key, string file, CancellationToken cancellationToken)
    {
        if (Scalar(node, key + "-data") is { Length: > 0 } data)
        {
            try
            {
                return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException ex)
            {
                throw Infrastructure.CliException.Error($"{key}-data is not valid base64: {ex.Message}", ex);
            }
        }

        if (Scalar(node, key) is { Length: > 0 } path)
        {
            var full = Resolve(file, path);
            try
            {
                return await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw Infrastructure.CliException.Error($"unable to read {key} {full} : {ex.Message}", ex);
            }
        }

        return null;
    }

    private static string Resolve(string kubeconfigFile, string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kubeconfigFile)) ?? ".", path);

    private static (YamlNode? Node, string? File) Named(List<(string Path, YamlNode Root)> files, string listKey, string name, string field)
    {
        foreach (var (path, root) in files)
        {
            if (root.Get(listKey) is { Kind: YamlNodeKind.Sequence } list
                && list.Children.FirstOrDefault(e => e.Kind == YamlNodeKind.Mapping && Scalar(e, "name") == name)?.Get(field) is { } found)
            {
                return (found, path);
            }
        }

        return (null, null);
    }

    internal static string? Scalar(YamlNode node, string key) =>
        node.Kind == YamlNodeKind.Mapping && node.Get(key) is { Kind: YamlNodeKind.Scalar, IsNull: false } value ? value.Value : null;
}
