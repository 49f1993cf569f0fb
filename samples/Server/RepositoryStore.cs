using System.Text.Json;
using Porch.Cache.Sources;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.PackageVariants;
using Porch.PackageVariants.Api;

namespace Porch.Samples.Server;

/// <summary>
/// Keeps the Repository objects applied through the API in <c>repositories.json</c> under the cache folder (written to
/// a temporary file and renamed over the old one, so a crash leaves the old or the new list, never half of one) and
/// gives them back at start. Every change is written before its response is sent. Repositories are handed to the
/// cache's background process, which opens them and retries those that fail with backoff.
/// </summary>
/// <remarks>
/// PackageVariants and PackageVariantSets are kept beside them in <c>packagevariants.json</c>, written after every
/// change of the variant store (the controllers write too, not only the API), and restored at start with their uids,
/// so the owner references on downstream package revisions still name their variants after a restart.
/// </remarks>
internal sealed class RepositoryStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _variantLock = new();
    private readonly RepositoryRegistry _registry;
    private readonly InMemoryRepositorySource _source;
    private readonly PackageVariantStore? _variants;
    private Task _lastVariantWrite = Task.CompletedTask;

    public RepositoryStore(string cacheDirectory, RepositoryRegistry registry, InMemoryRepositorySource source, PackageVariantStore? variants = null)
    {
        _registry = registry;
        _source = source;
        _variants = variants;
        Path = System.IO.Path.Combine(cacheDirectory, "repositories.json");
        VariantsPath = System.IO.Path.Combine(cacheDirectory, "packagevariants.json");
    }

    public string Path { get; }

    /// <summary>Gets the file holding the PackageVariants and PackageVariantSets.</summary>
    public string VariantsPath { get; }

    /// <summary>Restores the stored variants and sets, then writes the file again after every change of the variant store.</summary>
    public void LoadVariants()
    {
        if (_variants is null)
        {
            return;
        }

        if (File.Exists(VariantsPath))
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(VariantsPath), VariantFileContext.Default.VariantFile) ?? new VariantFile();
            _variants.Restore(stored.PackageVariants.Items, stored.PackageVariantSets.Items);
        }

        _variants.PackageVariantChanged += (_, _, _) => ScheduleVariantWrite();
        _variants.PackageVariantSetChanged += (_, _, _) => ScheduleVariantWrite();
    }

    /// <summary>Waits until every change seen so far is written (at shutdown).</summary>
    public Task FlushVariantsAsync()
    {
        lock (_variantLock)
        {
            return _lastVariantWrite;
        }
    }

    /// <summary>Chains one more write after the last: writes never overlap, and each stores the whole current state.</summary>
    private void ScheduleVariantWrite()
    {
        lock (_variantLock)
        {
            _lastVariantWrite = _lastVariantWrite.ContinueWith(_ => WriteVariantsAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task WriteVariantsAsync()
    {
        try
        {
            var file = new VariantFile
            {
                PackageVariants = new PackageVariantList { Items = [.. _variants!.ListPackageVariants(null)] },
                PackageVariantSets = new PackageVariantSetList { Items = [.. _variants.ListPackageVariantSets(null)] },
            };
            var temporary = VariantsPath + ".tmp";
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(file, VariantFileContext.Default.VariantFile)).ConfigureAwait(false);
            File.Move(temporary, VariantsPath, overwrite: true);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"warning: package variants not stored: {ex.Message}").ConfigureAwait(false);
        }
    }

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
            _source.AddOrUpdate(repository);
        }

        return skipped;
    }

    /// <summary>After an API write: hands changed repositories to the source, drops deleted ones, and writes the list.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await _registry.ListRepositoriesAsync(null, cancellationToken).ConfigureAwait(false);
            var known = _source.List().ToDictionary(r => (r.Metadata.Namespace ?? "", r.Metadata.Name ?? ""));
            foreach (var repository in current)
            {
                var key = (repository.Metadata.Namespace ?? "", repository.Metadata.Name ?? "");
                if (!known.Remove(key, out var previous) || !ReferenceEquals(previous, repository))
                {
                    _source.AddOrUpdate(repository);
                }
            }

            foreach (var (ns, name) in known.Keys)
            {
                _source.Remove(ns, name);
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

/// <summary>What <c>packagevariants.json</c> holds.</summary>
internal sealed class VariantFile
{
    public PackageVariantList PackageVariants { get; set; } = new();

    public PackageVariantSetList PackageVariantSets { get; set; } = new();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(VariantFile))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class VariantFileContext : System.Text.Json.Serialization.JsonSerializerContext;
