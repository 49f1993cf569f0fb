using Porch.Krm;

namespace Porch.Cli.Client;

/// <summary>
/// The parts of a kubeconfig file porchctl needs: the current context's server, namespace, bearer token and
/// <c>insecure-skip-tls-verify</c>. Read with the KRM YAML reader; client certificates and exec plugins are not supported.
/// </summary>
internal sealed record KubeConfig(string? Server, string? Namespace, string? Token, bool InsecureSkipTlsVerify)
{
    /// <summary>Reads <paramref name="path"/>, using <paramref name="contextName"/> or the file's <c>current-context</c>.</summary>
    /// <exception cref="Infrastructure.CliException">The file cannot be read or names a context, cluster or user it does not define.</exception>
    public static async Task<KubeConfig> LoadAsync(string path, string? contextName, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw Infrastructure.CliException.Error($"cannot read kubeconfig {path}: {ex.Message}", ex);
        }

        YamlNode root;
        try
        {
            root = KrmYaml.ReadDocument(text, path).Root;
        }
        catch (KrmYamlException ex)
        {
            throw Infrastructure.CliException.Error($"invalid kubeconfig {path}: {ex.Message}", ex);
        }

        var contextKey = contextName ?? Scalar(root, "current-context");
        if (string.IsNullOrEmpty(contextKey))
        {
            return new KubeConfig(null, null, null, false);
        }

        var context = Named(root, "contexts", contextKey, "context")
            ?? throw Infrastructure.CliException.Error($"context \"{contextKey}\" does not exist in {path}");
        var clusterName = Scalar(context, "cluster");
        var userName = Scalar(context, "user");
        var cluster = clusterName is null ? null : Named(root, "clusters", clusterName, "cluster");
        var user = userName is null ? null : Named(root, "users", userName, "user");
        if (clusterName is not null && cluster is null)
        {
            throw Infrastructure.CliException.Error($"cluster \"{clusterName}\" of context \"{contextKey}\" does not exist in {path}");
        }

        var token = user is null ? null : Scalar(user, "token");
        if (token is null && user is not null && Scalar(user, "tokenFile") is { } tokenFile)
        {
            token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
        }

        return new KubeConfig(
            cluster is null ? null : Scalar(cluster, "server"),
            Scalar(context, "namespace"),
            token,
            cluster is not null && string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase));
    }

    private static YamlNode? Named(YamlNode root, string listKey, string name, string field)
    {
        if (root.Get(listKey) is not { Kind: YamlNodeKind.Sequence } list)
        {
            return null;
        }

        return list.Children.FirstOrDefault(e => e.Kind == YamlNodeKind.Mapping && Scalar(e, "name") == name)?.Get(field);
    }

    private static string? Scalar(YamlNode node, string key) =>
        node.Kind == YamlNodeKind.Mapping && node.Get(key) is { Kind: YamlNodeKind.Scalar, IsNull: false } value ? value.Value : null;
}
