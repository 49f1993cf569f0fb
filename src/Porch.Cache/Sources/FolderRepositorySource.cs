using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Cache.Diagnostics;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Cache.Sources;

/// <summary>
/// Repository objects read from the <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files of one folder (YAML files may
/// hold several documents; objects of other kinds are ignored). The folder is watched: files added, changed or removed
/// become Added, Modified and Deleted events. A file that cannot be read is logged and keeps the repositories it last
/// held, so a half-saved edit never deletes them.
/// </summary>
public sealed class FolderRepositorySource : IRepositorySource
{
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="FolderRepositorySource"/> class.</summary>
    /// <param name="folder">The folder; created when missing at the start of a watch.</param>
    /// <param name="logger">Where unreadable files are reported; null for none.</param>
    public FolderRepositorySource(string folder, ILogger<FolderRepositorySource>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the watched folder.</summary>
    public string Folder { get; }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RepositorySourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(Folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler onChange = (_, _) => changed.Writer.TryWrite(true);
        watcher.Created += onChange;
        watcher.Changed += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, _) => changed.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;

        var byFile = new Dictionary<string, IReadOnlyList<Repository>>(StringComparer.Ordinal);
        var known = await ScanAsync(byFile, cancellationToken).ConfigureAwait(false);
        foreach (var repository in known.Values)
        {
            yield return new RepositorySourceEvent(RepositorySourceEventType.Added, repository.Object);
        }

        yield return new RepositorySourceEvent(RepositorySourceEventType.Synced, null);
        while (await changed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            changed.Reader.TryRead(out _);
            var current = await ScanAsync(byFile, cancellationToken).ConfigureAwait(false);
            foreach (var (key, now) in current)
            {
                if (!known.TryGetValue(key, out var before))
                {
                    yield return new RepositorySourceEvent(RepositorySourceEventType.Added, now.Object);
                }
                else if (before.Json != now.Json)
                {
                    yield return new RepositorySourceEvent(RepositorySourceEventType.Modified, now.Object);
                }
            }

            foreach (var (key, before) in known)
            {
                if (!current.ContainsKey(key))
                {
                    yield return new RepositorySourceEvent(RepositorySourceEventType.Deleted, before.Object);
                }
            }

            known = current;
        }
    }

    private async Task<Dictionary<(string, string), Known>> ScanAsync(Dictionary<string, IReadOnlyList<Repository>> byFile, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(Folder).Where(RepositoryFiles.IsRepositoryFile).Order(StringComparer.Ordinal).ToList();
        foreach (var gone in byFile.Keys.Except(files, StringComparer.Ordinal).ToList())
        {
            byFile.Remove(gone);
        }

        foreach (var file in files)
        {
            try
            {
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                byFile[file] = RepositoryFiles.Parse(file, text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KrmYamlException)
            {
                _logger.RepositoryFileInvalid(file, ex);
            }
        }

        var result = new Dictionary<(string, string), Known>();
        foreach (var repositories in byFile.Values)
        {
            foreach (var repository in repositories)
            {
                result[(repository.Metadata.Namespace!, repository.Metadata.Name!)] =
                    new Known(repository, JsonSerializer.Serialize(repository, PorchJsonContext.Default.Repository));
            }
        }

        return result;
    }

    private sealed record Known(Repository Object, string Json);
}
