using System.Text;
using System.Text.RegularExpressions;

namespace Porch.Cli.Tests;

/// <summary>
/// Connecting as kubectl connects (client-go's kubeconfig loader and transport): the cluster's CA (inline or a file
/// relative to the kubeconfig), client certificates (inline or files), an exec credential plugin, several files in
/// KUBECONFIG merged first-wins, <c>--insecure-skip-tls-verify</c> only when asked, and <c>-v=6</c>'s request lines.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class KubeconfigConnectionTests(ClientCertificateServerFixture server) : IClassFixture<ClientCertificateServerFixture>
{
    [Fact]
    public async Task CaAndClientCertificateData_EditorWritesViewerIsForbidden()
    {
        var editor = await WriteAsync("editor.kubeconfig", Kubeconfig(
            $"certificate-authority-data: {B64(server.CaPem)}",
            $"client-certificate-data: {B64(server.EditorPem)}\n    client-key-data: {B64(server.EditorKey)}"));
        await Expect(["repo", "register", "--name=certs", "--create-branch", "--branch=certs", server.GitUrl, "--kubeconfig", editor], "", "", 0);
        await Expect(["repo", "get", "--kubeconfig", editor, "--no-headers", "-o", "custom-columns=NAME:.metadata.name"], "certs\n", "", 0);

        var viewer = await WriteAsync("viewer.kubeconfig", Kubeconfig(
            $"certificate-authority-data: {B64(server.CaPem)}",
            $"client-certificate-data: {B64(server.ViewerPem)}\n    client-key-data: {B64(server.ViewerKey)}"));
        await Expect(["rpkg", "init", "--repository=certs", "--workspace=v1", "denied", "--kubeconfig", viewer], "", "Error: user \"dave\" cannot post this resource \n", 1);
    }

    [Fact]
    public async Task CaAndClientCertificateFiles_RelativeToTheKubeconfig()
    {
        var dir = Path.Combine(server.WorkDir, "files");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "ca.crt"), server.CaPem);
        await File.WriteAllTextAsync(Path.Combine(dir, "carol.crt"), server.EditorPem);
        await File.WriteAllTextAsync(Path.Combine(dir, "carol.key"), server.EditorKey);
        var path = Path.Combine(dir, "config");
        await File.WriteAllTextAsync(path, Kubeconfig("certificate-authority: ca.crt", "client-certificate: carol.crt\n    client-key: carol.key"));
        var result = await Porchctl.RunAsync(server.WorkDir, null, "rpkg", "get", "--kubeconfig", path, "-v=6");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(KlogLine("loader.go:402", "Config loaded from file:  " + Regex.Escape(path)), lines[0]);
        Assert.Matches(KlogLine("round_trippers.go:560", $"GET {Regex.Escape(server.Address)}/apis/porch.kpt.dev/v1alpha1/namespaces/default/packagerevisions 200 OK in \\d+ milliseconds"), lines[1]);
    }

    [Fact]
    public async Task NoCa_ServerCertificateRefused_UnlessInsecureSkipTlsVerifyIsAsked()
    {
        var path = await WriteAsync("no-ca.kubeconfig", Kubeconfig(null, $"token: {PorchServerFixture.Token}"));
        var refused = await Porchctl.RunAsync(server.WorkDir, null, "repo", "get", "--kubeconfig", path);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith($"Error: Unable to connect to the server {server.Address}: ", refused.Stderr);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);

        var insecure = await Porchctl.RunAsync(server.WorkDir, null, "repo", "get", "--kubeconfig", path, "--insecure-skip-tls-verify", "-o", "name");
        Assert.True(insecure.ExitCode == 0, insecure.ToString());
    }

    [Fact]
    public async Task ExecPluginAndSeveralKubeconfigFiles_MergedFirstWins()
    {
        // The context (with its namespace) in the first file; the cluster and an exec user in the second; the
        // second file's current-context loses to the first's.
        const string Plugin = "printf '{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\",\\\"status\\\":{\\\"token\\\":\\\"%s\\\"}}' \\\"$PORCH_TEST_TOKEN\\\"";
        var first = await WriteAsync("first.kubeconfig", """
            apiVersion: v1
            kind: Config
            current-context: merged
            contexts:
            - name: merged
              context:
                cluster: local
                user: exec-user
                namespace: merged-ns
            """);
        var second = await WriteAsync("second.kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: missing
            clusters:
            - name: local
              cluster:
                server: {server.Address}
                certificate-authority-data: {B64(server.CaPem)}
            users:
            - name: exec-user
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args:
                  - -c
                  - "{Plugin}"
                  env:
                  - name: PORCH_TEST_TOKEN
                    value: {PorchServerFixture.Token}
                  interactiveMode: Never
            """);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = first + Path.PathSeparator + second };
        var result = await Porchctl.RunAsync(server.WorkDir, null, environment, "rpkg", "get", "-v=6");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"GET {server.Address}/apis/porch.kpt.dev/v1alpha1/namespaces/merged-ns/packagerevisions 200 OK in ", result.Stderr, StringComparison.Ordinal);

        var missing = await Porchctl.RunAsync(server.WorkDir, null, environment, "rpkg", "get", "--context", "nowhere");
        Assert.Equal(new CliResult(1, "", "Error: context was not found for specified context: nowhere \n"), missing);
    }

    private static string KlogLine(string site, string message) => $@"^I\d{{4}} \d\d:\d\d:\d\d\.\d{{6}} +\d+ {Regex.Escape(site)}\] {message}$";

    private string Kubeconfig(string? clusterExtra, string userLines) => $"""
        apiVersion: v1
        kind: Config
        current-context: porch
        clusters:
        - name: local
          cluster:
            server: {server.Address}
            {clusterExtra ?? ""}
        users:
        - name: someone
          user:
            {userLines}
        contexts:
        - name: porch
          context:
            cluster: local
            user: someone
            namespace: default
        """;

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(server.WorkDir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task Expect(string[] args, string stdout, string stderr, int exitCode)
    {
        var result = await Porchctl.RunAsync(server.WorkDir, null, args);
        var context = $"porchctl {string.Join(' ', args)}\n{result}";
        Assert.True(stdout == result.Stdout, "stdout differs: " + context);
        Assert.True(stderr == result.Stderr, "stderr differs: " + context);
        Assert.True(exitCode == result.ExitCode, "exit code differs: " + context);
    }
}
