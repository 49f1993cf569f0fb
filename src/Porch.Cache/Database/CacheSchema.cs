namespace Porch.Cache.Database;

/// <summary>The schema migrations, applied in order at start and recorded in <c>porch_schema_migrations</c>.</summary>
internal static class CacheSchema
{
    public static string MigrationsTable(CacheDatabaseDriver driver) =>
        $"CREATE TABLE IF NOT EXISTS porch_schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied {driver.TimestampType} NOT NULL)";

    /// <summary>Gets the migrations: version, description, statements.</summary>
    public static IReadOnlyList<(int Version, string Description, string[] Statements)> Migrations(CacheDatabaseDriver driver)
    {
        var ts = driver.TimestampType;
        return
        [
            (1, "repositories, packages, package_revisions and resources", [
                $"""
                CREATE TABLE repositories (
                    k8s_name_space TEXT NOT NULL,
                    k8s_name TEXT NOT NULL CHECK (k8s_name <> ''),
                    directory TEXT NOT NULL,
                    default_ws_name TEXT NOT NULL,
                    meta TEXT NOT NULL,
                    spec TEXT NOT NULL,
                    synced_version TEXT,
                    updated {ts} NOT NULL,
                    updatedby TEXT NOT NULL,
                    deployment BOOLEAN NOT NULL DEFAULT FALSE,
                    PRIMARY KEY (k8s_name_space, k8s_name))
                """,
                $"""
                CREATE TABLE packages (
                    k8s_name_space TEXT NOT NULL,
                    k8s_name TEXT NOT NULL,
                    repo_k8s_name TEXT NOT NULL,
                    package_path TEXT NOT NULL,
                    meta TEXT NOT NULL,
                    spec TEXT NOT NULL,
                    updated {ts} NOT NULL,
                    updatedby TEXT NOT NULL,
                    PRIMARY KEY (k8s_name_space, k8s_name),
                    FOREIGN KEY (k8s_name_space, repo_k8s_name) REFERENCES repositories (k8s_name_space, k8s_name) ON DELETE CASCADE)
                """,
                $"""
                CREATE TABLE package_revisions (
                    k8s_name_space TEXT NOT NULL,
                    k8s_name TEXT NOT NULL,
                    package_k8s_name TEXT NOT NULL,
                    repo_k8s_name TEXT NOT NULL,
                    package_path TEXT NOT NULL,
                    workspace_name TEXT NOT NULL,
                    revision INTEGER NOT NULL CHECK (revision >= -1),
                    lifecycle TEXT NOT NULL CHECK (lifecycle IN ('Draft', 'Proposed', 'Published', 'DeletionProposed')),
                    resource_version TEXT NOT NULL,
                    meta TEXT,
                    ext_pr_id TEXT NOT NULL,
                    tasks TEXT NOT NULL,
                    latest BOOLEAN NOT NULL DEFAULT FALSE,
                    published_by TEXT,
                    published_at {ts},
                    claim_token TEXT,
                    claim_expires {ts},
                    updated {ts} NOT NULL,
                    updatedby TEXT NOT NULL,
                    PRIMARY KEY (k8s_name_space, k8s_name),
                    FOREIGN KEY (k8s_name_space, package_k8s_name) REFERENCES packages (k8s_name_space, k8s_name) ON DELETE CASCADE)
                """,
                "CREATE INDEX package_revisions_by_repository ON package_revisions (k8s_name_space, repo_k8s_name, package_path)",
                """
                CREATE TABLE resources (
                    k8s_name_space TEXT NOT NULL,
                    k8s_name TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    resource_key TEXT NOT NULL,
                    resource_value TEXT NOT NULL,
                    PRIMARY KEY (k8s_name_space, k8s_name, resource_key),
                    FOREIGN KEY (k8s_name_space, k8s_name) REFERENCES package_revisions (k8s_name_space, k8s_name) ON DELETE CASCADE)
                """,
            ]),
            (2, "secrets", [
                $"""
                CREATE TABLE secrets (
                    k8s_name_space TEXT NOT NULL,
                    k8s_name TEXT NOT NULL CHECK (k8s_name <> ''),
                    resource_version TEXT NOT NULL,
                    document TEXT NOT NULL,
                    updated {ts} NOT NULL,
                    PRIMARY KEY (k8s_name_space, k8s_name))
                """,
            ]),
            (3, "change feed", [.. driver.ChangeFeedStatements]),
        ];
    }
}
