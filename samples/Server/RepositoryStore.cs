using System.Text.Json;
using Porch.Cache.Sources;
using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Samples.Server;

/// <summary>
/// Keeps the Repository objects applied through the API in <c>repositories.json</c> under the cache folder (written to
/// a temporary file and renamed over the old one, so a crash leaves the old or the new list, never half of one) and
/// gives them back at start. Every change is written before its response is sent. Repositories are handed to the
/// cache's background process, which opens them and retries those that fail with backoff.
/// </summary>
internal sealed class RepositoryStore(string cacheDirectory, RepositoryRegistry registry, InMemoryRepositorySource source)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path { get; } = System.IO.Path.Combine(cacheDirectory, "repositories.json");

    /// <summary>Reads the stored repositories into the cache's source; refused ones (an address the rules now refuse) are reported and skipped.</summary>
    public IReadOnlyList<string> Load()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var skipped = new List<string>();
        var list = JsonSerializer.Deserialize(File.ReadAllBytes(Path), PorchJsonContext.Default.RepositoryList) ?? new RepositoryList();
        foreach (var repository in list.Items)
        {
            var problems = repository.Spec.Type is null or RepositoryType.Git ? GitAddressRules.Validate(repository.Spec.Git) : [];
            if (problems.Count > 0)
            {
                skipped.Add($"{repository.Metadata.Namespace}/{repository.Metadata.Name}: {string.Join("; ", problems)}");
                continue;
            }

            repository.Status = new RepositoryStatus();
            source.AddOrUpdate(repository);
        }

        return skipped;
    }

    /// <summary>After an API write: hands changed repositories to the source, drops deleted ones, and writes the list.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await registry.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false);
            var known = source.List().ToDictionary(r => (r.Metadata.Namespace ?? "", r.Metadata.Name ?? ""));
            foreach (var repository in current)
            {
                var key = (repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "");
                if (!known.Remove(key, out var previous) || !ReferenceEquals(previous, repository))
                {
                    source.AddOrUpdate(repository);
                }
            }

            foreach (var (ns, name) in known.Keys)
            {
                source.Remove(ns, name);
            }

            var list = new RepositoryList { Items = [.. current] };
            var temporary = Path + ".tmp";
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await JsonSerializer.SerializeAsync(file, list, PorchJsonContext.Default.RepositoryList, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }
}
