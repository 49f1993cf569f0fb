using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace CustomRepositoryAdapter;

/// <summary>
/// The on-disk layout of one repository folder, and its lock:
/// <list type="bullet">
/// <item><c>revisions/&lt;id&gt;.json</c> — one record per package revision (package path, workspace, number, lifecycle, tasks, publish info, content id);</item>
/// <item><c>content/&lt;content id&gt;/</c> — the revision's files, written once and never changed;</item>
/// <item><c>state.json</c> — the repository version and the branch hash.</item>
/// </list>
/// A write stages new content, then replaces the record with one rename (atomic on the same volume), so a reader sees
/// the old revision or the new one, never a mixture. One process at a time: the lock is in memory.
/// </summary>
internal sealed class FolderStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public FolderStore(string folder, TimeProvider time)
    {
        Folder = folder;
        Time = time;
        Directory.CreateDirectory(RevisionsFolder);
        Directory.CreateDirectory(ContentFolder);
    }

    public string Folder { get; }

    public TimeProvider Time { get; }

    public SemaphoreSlim Lock { get; } = new(1, 1);

    private string RevisionsFolder => Path.Combine(Folder, "revisions");

    private string ContentFolder => Path.Combine(Folder, "content");

    private string StatePath => Path.Combine(Folder, "state.json");

    /// <summary>A file-name-safe id for a package path and workspace (paths may hold slashes).</summary>
    public static string RecordId(string packagePath, string workspace) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(packagePath + "\n" + workspace)), 0, 16);

    public async Task<List<RevisionRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var records = new List<RevisionRecord>();
        foreach (var path in Directory.EnumerateFiles(RevisionsFolder, "*.json"))
        {
            if (await ReadRecordFileAsync(path, cancellationToken).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public Task<RevisionRecord?> ReadAsync(string packagePath, string workspace, CancellationToken cancellationToken) =>
        ReadRecordFileAsync(Path.Combine(RevisionsFolder, RecordId(packagePath, workspace) + ".json"), cancellationToken);

    /// <summary>Writes a revision's files as new, immutable content and returns its id.</summary>
    public async Task<string> WriteContentAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var staging = Path.Combine(ContentFolder, id + ".staging");
        foreach (var (path, text) in files)
        {
            // Validated again here: whatever the caller checked, no path leaves the content folder.
            var target = Path.GetFullPath(Path.Combine(staging, PackagePath.Validate(path)));
            if (!target.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new PackageValidationException($"invalid resource path {path}: the path leaves the package");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, text, cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(staging);
        Directory.Move(staging, Path.Combine(ContentFolder, id));
        return id;
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadContentAsync(RevisionRecord record, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(ContentFolder, record.ContentId);
        if (!Directory.Exists(folder))
        {
            throw new PackageRevisionNotFoundException($"the content of {record.PackagePath}/{record.Workspace} changed since it was listed; list again");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            files[relative] = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }

        return files;
    }

    /// <summary>Replaces (or creates) a record with one rename, then drops the content the old record pointed at.</summary>
    public async Task PutAsync(RevisionRecord record, RevisionRecord? replaced, CancellationToken cancellationToken)
    {
        var path = Path.Combine(RevisionsFolder, RecordId(record.PackagePath, record.Workspace) + ".json");
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(record, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        if (replaced is not null && replaced.ContentId != record.ContentId)
        {
            DropContent(replaced.ContentId);
        }
    }

    public void Remove(RevisionRecord record)
    {
        File.Delete(Path.Combine(RevisionsFolder, RecordId(record.PackagePath, record.Workspace) + ".json"));
        DropContent(record.ContentId);
    }

    public void DropContent(string contentId)
    {
        var folder = Path.Combine(ContentFolder, contentId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public async Task<StoreState> ReadStateAsync(CancellationToken cancellationToken) =>
        File.Exists(StatePath)
            ? JsonSerializer.Deserialize<StoreState>(await File.ReadAllTextAsync(StatePath, cancellationToken).ConfigureAwait(false), Json) ?? new StoreState(0, "")
            : new StoreState(0, "");

    /// <summary>Counts one change; a new branch hash when <paramref name="branchHead"/> is given.</summary>
    public async Task BumpAsync(string? branchHead, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        var next = new StoreState(state.Version + 1, branchHead ?? state.BranchHead);
        var temp = StatePath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(next, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temp, StatePath, overwrite: true);
    }

    public static string SerializeTask(TaskSpec task) => JsonSerializer.Serialize(task, PorchJsonContext.Default.TaskSpec);

    public static TaskSpec DeserializeTask(string json) =>
        JsonSerializer.Deserialize(json, PorchJsonContext.Default.TaskSpec) ?? throw new InvalidDataException("a stored task is null");

    private static async Task<RevisionRecord?> ReadRecordFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.Deserialize<RevisionRecord>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), Json);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>One stored package revision, as written to <c>revisions/&lt;id&gt;.json</c>.</summary>
internal sealed record RevisionRecord(
    string PackagePath,
    string Workspace,
    int Revision,
    PackageRevisionLifecycle Lifecycle,
    string ContentId,
    IReadOnlyList<string> Tasks,
    string? PublishedBy,
    DateTimeOffset? PublishedAt);

/// <summary>The repository's version counter and branch hash, as written to <c>state.json</c>.</summary>
internal sealed record StoreState(long Version, string BranchHead);
