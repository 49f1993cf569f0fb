using System.Data.Common;
using Porch.Engine.Repositories;

namespace Porch.Cache.Database;

/// <summary>
/// Secrets in the <c>secrets</c> table of the cache database (SQLite or PostgreSQL), so they survive restarts and are
/// shared by the engines of one database. A create that finds the row is refused by <c>ON CONFLICT DO NOTHING</c>, an
/// update by its resource-version guard: neither needs a lock across statements. No document reaches a log or an
/// exception: a database failure is reported with the secret's name only.
/// </summary>
internal sealed class DatabaseSecretStore(CacheDatabase db) : ISecretStore
{
    public async ValueTask<StoredSecret?> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync(
            "SELECT k8s_name_space, k8s_name, resource_version, document FROM secrets WHERE k8s_name_space = @ns AND k8s_name = @name",
            cancellationToken, ("@ns", @namespace), ("@name", name)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<IReadOnlyList<StoredSecret>> ListAsync(string? @namespace, CancellationToken cancellationToken = default) =>
        @namespace is null
            ? await QueryAsync("SELECT k8s_name_space, k8s_name, resource_version, document FROM secrets ORDER BY k8s_name_space, k8s_name", cancellationToken).ConfigureAwait(false)
            : await QueryAsync("SELECT k8s_name_space, k8s_name, resource_version, document FROM secrets WHERE k8s_name_space = @ns ORDER BY k8s_name", cancellationToken, ("@ns", @namespace)).ConfigureAwait(false);

    public async ValueTask<bool> CreateAsync(StoredSecret secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return await ExecuteAsync(
            "INSERT INTO secrets (k8s_name_space, k8s_name, resource_version, document, updated) VALUES (@ns, @name, @rv, @doc, @updated) ON CONFLICT DO NOTHING",
            cancellationToken, ("@ns", secret.Namespace), ("@name", secret.Name), ("@rv", secret.ResourceVersion), ("@doc", secret.Document), ("@updated", db.Time.GetUtcNow())).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> UpdateAsync(StoredSecret secret, string expectedResourceVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return await ExecuteAsync(
            "UPDATE secrets SET resource_version = @rv, document = @doc, updated = @updated WHERE k8s_name_space = @ns AND k8s_name = @name AND resource_version = @expected",
            cancellationToken, ("@rv", secret.ResourceVersion), ("@doc", secret.Document), ("@updated", db.Time.GetUtcNow()),
            ("@ns", secret.Namespace), ("@name", secret.Name), ("@expected", expectedResourceVersion)).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> DeleteAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("DELETE FROM secrets WHERE k8s_name_space = @ns AND k8s_name = @name", cancellationToken, ("@ns", @namespace), ("@name", name)).ConfigureAwait(false) > 0;

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        try
        {
            return await CacheDatabase.ExecuteAsync(connection, null, sql, cancellationToken, parameters).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw Unavailable(ex);
        }
    }

    private async Task<List<StoredSecret>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = CacheDatabase.Command(connection, null, sql, parameters);
        await using var commandScope = command.ConfigureAwait(false);
        var secrets = new List<StoredSecret>();
        try
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                secrets.Add(new StoredSecret(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        catch (DbException ex)
        {
            throw Unavailable(ex);
        }

        return secrets;
    }

    /// <summary>The database's own message names tables and constraints, never a parameter's value.</summary>
    private Porch.Engine.Errors.RepositoryUnavailableException Unavailable(DbException ex) =>
        new($"cannot read or write secrets in the {db.Driver.Name} cache database: {ex.Message}", ex);
}
