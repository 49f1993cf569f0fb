using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Porch.Repository.Git.Tests.Infrastructure;

/// <summary>
/// A real OpenSSH server for tests: <c>/usr/sbin/sshd -D -e</c> as a child process on 127.0.0.1 with its own
/// configuration, host key, port and authorized keys file, public-key authentication only, serving
/// <c>git-upload-pack</c>/<c>git-receive-pack</c> to the current user (root included: <c>PermitRootLogin prohibit-password</c>).
/// Keys are made with <c>ssh-keygen</c>.
/// </summary>
internal sealed class SshServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();

    private SshServer(Process process, string folder, int port, string hostKeyLine)
    {
        _process = process;
        _folder = folder;
        Port = port;
        KnownHosts = $"[127.0.0.1]:{port.ToString(CultureInfo.InvariantCulture)} {hostKeyLine}\n";
    }

    /// <summary>Gets the port sshd listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the server's host key as a <c>known_hosts</c> line.</summary>
    public string KnownHosts { get; }

    /// <summary>Gets what sshd wrote to its standard error (its log).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The ssh address of a repository at an absolute path, as user <see cref="Environment.UserName"/>.</summary>
    public string Url(string repositoryPath) => $"ssh://{Environment.UserName}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{repositoryPath}";

    /// <summary>Creates a key pair with ssh-keygen; returns the private key text and the public key line.</summary>
    public static (string PrivateKey, string PublicKey) CreateKey(string folder, string name, string passphrase = "")
    {
        var path = Path.Combine(folder, name);
        RunTool("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "porch-test-" + name, "-f", path);
        return (File.ReadAllText(path), File.ReadAllText(path + ".pub").Trim());
    }

    /// <summary>Starts sshd accepting the given public keys; returns once it listens.</summary>
    public static async Task<SshServer> StartAsync(params string[] authorizedKeys)
    {
        var folder = Directory.CreateTempSubdirectory("porch-sshd-").FullName;
        RunTool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(folder, "host_key"));
        var hostKey = File.ReadAllText(Path.Combine(folder, "host_key.pub")).Trim();
        var hostKeyLine = string.Join(' ', hostKey.Split(' ').Take(2));
        await File.WriteAllTextAsync(Path.Combine(folder, "authorized_keys"), string.Join('\n', authorizedKeys) + "\n");
        if (Environment.UserName == "root" && !Directory.Exists("/run/sshd"))
        {
            // sshd's privilege separation folder, which a booted system creates; .ci/setup creates it too.
            Directory.CreateDirectory("/run/sshd");
        }

        var port = FreePort();
        var config = $"""
            Port {port.ToString(CultureInfo.InvariantCulture)}
            ListenAddress 127.0.0.1
            HostKey {Path.Combine(folder, "host_key")}
            PidFile {Path.Combine(folder, "sshd.pid")}
            AuthorizedKeysFile {Path.Combine(folder, "authorized_keys")}
            AllowUsers {Environment.UserName}
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PermitUserEnvironment no
            AllowTcpForwarding no
            X11Forwarding no
            PrintMotd no
            LogLevel VERBOSE
            """;
        var configPath = Path.Combine(folder, "sshd_config");
        await File.WriteAllTextAsync(configPath, config + "\n");

        var psi = new ProcessStartInfo(Sshd) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-D", "-e", "-f", configPath })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi)!;
        var server = new SshServer(process, folder, port, hostKeyLine);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("sshd exited: " + server.Log));
                return;
            }

            lock (server._log)
            {
                server._log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Server listening on 127.0.0.1 port", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        TestGit.TryDelete(_folder);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunTool(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {stderr}");
        }
    }
}
