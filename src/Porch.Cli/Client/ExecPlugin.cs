using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Krm;

namespace Porch.Cli.Client;

/// <summary>
/// A kubeconfig <c>exec</c> credential plugin (client-go's exec authenticator): the command runs with its args and
/// env plus <c>KUBERNETES_EXEC_INFO</c>, and prints an <c>ExecCredential</c> whose status holds a token or a client
/// certificate. The command comes from the user's own kubeconfig, as with kubectl.
/// </summary>
internal sealed record ExecPlugin(string ApiVersion, string Command, IReadOnlyList<string> Args, IReadOnlyList<(string Name, string Value)> Env)
{
    public static ExecPlugin From(YamlNode node)
    {
        var command = KubeConfig.Scalar(node, "command") ?? throw Infrastructure.CliException.Error("exec plugin: no command specified");
        var apiVersion = KubeConfig.Scalar(node, "apiVersion") ?? "client.authentication.k8s.io/v1";
        var args = node.Get("args") is { Kind: YamlNodeKind.Sequence } a ? a.Children.Select(c => c.Value).ToList() : [];
        var env = node.Get("env") is { Kind: YamlNodeKind.Sequence } e
            ? e.Children.Where(c => c.Kind == YamlNodeKind.Mapping).Select(c => (KubeConfig.Scalar(c, "name") ?? "", KubeConfig.Scalar(c, "value") ?? "")).ToList()
            : [];
        return new ExecPlugin(apiVersion, command, args, env);
    }

    /// <summary>Runs the plugin and returns its token, or its client certificate and key (PEM).</summary>
    public async Task<(string? Token, string? CertificatePem, string? KeyPem)> RunAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(Command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Env)
        {
            psi.Environment[name] = value;
        }

        psi.Environment["KUBERNETES_EXEC_INFO"] = new JsonObject
        {
            ["kind"] = "ExecCredential",
            ["apiVersion"] = ApiVersion,
            ["spec"] = new JsonObject { ["interactive"] = false },
        }.ToJsonString();

        string stdout;
        string stderr;
        int exitCode;
        try
        {
            using var process = Process.Start(psi) ?? throw Infrastructure.CliException.Error($"exec plugin: {Command} did not start");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            (stdout, stderr, exitCode) = (await output.ConfigureAwait(false), await error.ConfigureAwait(false), process.ExitCode);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw Infrastructure.CliException.Error($"getting credentials: exec: executable {Command} not found", ex);
        }

        if (exitCode != 0)
        {
            throw Infrastructure.CliException.Error($"getting credentials: exec: executable {Command} failed with exit code {exitCode}" + (stderr.Length > 0 ? ": " + stderr.Trim() : ""));
        }

        try
        {
            var status = (JsonNode.Parse(stdout) as JsonObject)?["status"] as JsonObject;
            var token = (string?)status?["token"];
            var certificate = (string?)status?["clientCertificateData"];
            var key = (string?)status?["clientKeyData"];
            if (string.IsNullOrEmpty(token) && (string.IsNullOrEmpty(certificate) || string.IsNullOrEmpty(key)))
            {
                throw Infrastructure.CliException.Error("getting credentials: exec plugin didn't return a token or cert/key pair");
            }

            return (token, certificate, key);
        }
        catch (JsonException ex)
        {
            throw Infrastructure.CliException.Error("getting credentials: decoding stdout: " + ex.Message, ex);
        }
    }
}
