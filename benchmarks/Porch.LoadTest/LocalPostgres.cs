using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Porch.LoadTest;

/// <summary>
/// The PostgreSQL server the replicas share: the one given (<c>--postgres</c>, else <c>PORCH_TEST_POSTGRES</c>) or one
/// started here as the tests start theirs (initdb and pg_ctl, as user postgres when running as root, 127.0.0.1 on a free
/// port), stopped on dispose. Each run gets a new database.
/// </summary>
internal sealed class LocalPostgres : IDisposable
{
    private readonly string? _dataDirectory;
    private readonly string? _pgCtl;
    private readonly bool _asRoot;

    private LocalPostgres(string server, string? dataDirectory = null, string? pgCtl = null, bool asRoot = false)
    {
        Server = server;
        _dataDirectory = dataDirectory;
        _pgCtl = pgCtl;
        _asRoot = asRoot;
    }

    public string Server { get; }

    public static LocalPostgres Find(string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return new LocalPostgres(given);
        }

        if (Environment.GetEnvironmentVariable("PORCH_TEST_POSTGRES") is { Length: > 0 } fromEnvironment)
        {
            return new LocalPostgres(fromEnvironment);
        }

        var pgCtl = FindOnPath("pg_ctl") ?? throw new InvalidOperationException("--replicas needs PostgreSQL: give --postgres CONNSTR, set PORCH_TEST_POSTGRES, or install the server (pg_ctl, initdb)");
        var bin = Path.GetDirectoryName(new FileInfo(pgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl)!;
        var asRoot = Environment.UserName == "root";
        // A temporary folder of its own (the run's folder is private to this user; the server runs as postgres).
        var dir = Directory.CreateTempSubdirectory("porch-load-pg-").FullName;
        if (asRoot)
        {
            Run(false, dir, "chown", "postgres", dir);
        }

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var data = Path.Combine(dir, "data");
        Run(asRoot, dir, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        Run(asRoot, dir, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(dir, "log"), "-w", "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");
        return new LocalPostgres($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", data, Path.Combine(bin, "pg_ctl"), asRoot);
    }

    /// <summary>Creates an empty database for this run and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "porch_load_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}"; // a generated identifier: no user text
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
    }

    public void Dispose()
    {
        if (_dataDirectory is not null)
        {
            var dir = Path.GetDirectoryName(_dataDirectory)!;
            Run(_asRoot, dir, _pgCtl!, "-D", _dataDirectory, "-m", "fast", "-w", "stop");
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temporary-folder cleanup.
            }
        }
    }

    private static void Run(bool asPostgres, string dir, string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : tool) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", tool })
            {
                psi.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {error}");
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);
}
