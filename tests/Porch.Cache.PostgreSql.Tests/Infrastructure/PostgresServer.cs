using System.Net;
using System.Net.Sockets;
using Npgsql;
using Porch.Tests.Shared;

namespace Porch.Cache.PostgreSql.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the tests: the one <c>.ci/run</c> started (connection string in
/// <see cref="EnvironmentVariable"/>) or, on a developer machine, one started here the same way (initdb and pg_ctl as
/// user postgres, 127.0.0.1, a free port) and stopped when the test process exits. Each test gets its own database.
/// </summary>
internal static class PostgresServer
{
    public const string EnvironmentVariable = "PORCH_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Server = new(() => Task.Run(Start));

    /// <summary>Gets why PostgreSQL tests cannot run here (no connection string and no server binaries), or null.</summary>
    public static string? UnavailableReason { get; } =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } || (FindOnPath("pg_ctl") is not null && FindOnPath("initdb") is not null)
            ? null
            : $"PostgreSQL server binaries (pg_ctl, initdb) are not installed and {EnvironmentVariable} is not set";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Server.Value;
        var name = "porch_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}"; // a generated identifier: no user text
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var pgBin = Path.GetDirectoryName(new FileInfo(FindOnPath("pg_ctl")!).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? FindOnPath("pg_ctl")!)!;
        var asRoot = Environment.UserName == "root";
        var dir = Directory.CreateTempSubdirectory("porch-cache-pg-").FullName;
        if (asRoot)
        {
            try
            {
                Conformance.Run("id", "/", "-u", "postgres");
            }
            catch (InvalidOperationException)
            {
                Conformance.Run("useradd", "/", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres");
            }

            Conformance.Run("chown", "/", "postgres", dir);
        }

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        string Pg(params string[] args) => asRoot
            ? Conformance.Run("runuser", dir, ["-u", "postgres", "--", .. args])
            : Conformance.Run(args[0], dir, args[1..]);

        Pg(Path.Combine(pgBin, "initdb"), "-D", Path.Combine(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        Pg(Path.Combine(pgBin, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "log"), "-w", "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Pg(Path.Combine(pgBin, "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "fast", "-w", "stop");
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                // The process is exiting; the temporary server dies with the machine's cleanup.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs PostgreSQL; skipped (with the reason) only when no server can be had.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
