using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Porch.Engine.Api;
using Porch.Engine.Errors;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// Kubernetes object semantics for one kind in memory: uid, resource versions, generation (bumped when the spec
/// changes), optimistic concurrency, finalizers (a delete of an object with finalizers only marks it) and a status
/// written apart from the spec. Every read returns a copy.
/// </summary>
internal sealed class ObjectStore<T>(
    string resource,
    JsonTypeInfo<T> typeInfo,
    Func<T, ObjectMeta> metadata,
    Func<T, string> spec,
    Action<T, T> copyStatus,
    TimeProvider time)
    where T : class
{
    private readonly Dictionary<(string Namespace, string Name), T> _items = [];
    private readonly Lock _gate = new();
    private long _version;

    public event Action<string, string, StoreChangeType>? Changed;

    public T? Get(string @namespace, string name)
    {
        lock (_gate)
        {
            return _items.TryGetValue((@namespace, name), out var item) ? Copy(item) : null;
        }
    }

    public IReadOnlyList<T> List(string? @namespace)
    {
        lock (_gate)
        {
            return [.. _items.Where(p => @namespace is null || p.Key.Namespace == @namespace).OrderBy(p => p.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => Copy(p.Value))];
        }
    }

    public T Create(T item)
    {
        var stored = Copy(item);
        var meta = metadata(stored);
        var key = Key(meta);
        meta.Namespace = key.Namespace;
        lock (_gate)
        {
            if (_items.ContainsKey(key))
            {
                throw new PackageValidationException($"{resource}.{Api.PackageVariantApi.Group} \"{key.Name}\" already exists", PorchErrorCode.Conflict);
            }

            meta.Uid = Guid.NewGuid().ToString();
            meta.CreationTimestamp = time.GetUtcNow();
            meta.Generation = 1;
            meta.ResourceVersion = Next();
            meta.DeletionTimestamp = null;
            _items[key] = stored;
        }

        Changed?.Invoke(key.Namespace, key.Name, StoreChangeType.Added);
        return Copy(stored);
    }

    /// <summary>
    /// Puts objects read back from durable storage as they were stored (uid, timestamps, generation, resource version,
    /// status), replacing any of the same name, and raises Added for each. Later resource versions continue after the
    /// highest restored one, so a client never sees a version go backwards.
    /// </summary>
    public void Restore(IEnumerable<T> items)
    {
        var added = new List<(string Namespace, string Name)>();
        lock (_gate)
        {
            var unversioned = new List<ObjectMeta>();
            foreach (var item in items)
            {
                var stored = Copy(item);
                var meta = metadata(stored);
                var key = Key(meta);
                meta.Namespace = key.Namespace;
                if (string.IsNullOrEmpty(meta.Uid))
                {
                    meta.Uid = Guid.NewGuid().ToString();
                }

                if (long.TryParse(meta.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                {
                    _version = Math.Max(_version, version);
                }
                else
                {
                    unversioned.Add(meta);
                }

                _items[key] = stored;
                added.Add(key);
            }

            foreach (var meta in unversioned)
            {
                meta.ResourceVersion = Next();
            }
        }

        foreach (var (ns, name) in added)
        {
            Changed?.Invoke(ns, name, StoreChangeType.Added);
        }
    }

    /// <summary>Replaces metadata and spec (the status is kept); removes the object once it is deleted and has no finalizers.</summary>
    public T Update(T item) => Write(item, statusOnly: false);

    /// <summary>Replaces the status only.</summary>
    public T UpdateStatus(T item) => Write(item, statusOnly: true);

    /// <summary>Deletes the object, or marks it deleted while finalizers remain.</summary>
    public T Delete(string @namespace, string name)
    {
        T result;
        StoreChangeType change;
        lock (_gate)
        {
            if (!_items.TryGetValue((@namespace, name), out var current))
            {
                throw NotFound(name);
            }

            var meta = metadata(current);
            if (meta.Finalizers.Count > 0)
            {
                if (meta.DeletionTimestamp is null)
                {
                    meta.DeletionTimestamp = time.GetUtcNow();
                    meta.ResourceVersion = Next();
                }

                change = StoreChangeType.Modified;
            }
            else
            {
                _items.Remove((@namespace, name));
                change = StoreChangeType.Deleted;
            }

            result = Copy(current);
        }

        Changed?.Invoke(@namespace, name, change);
        return result;
    }

    private T Write(T item, bool statusOnly)
    {
        var incoming = Copy(item);
        var meta = metadata(incoming);
        var key = Key(meta);
        T result;
        StoreChangeType change = StoreChangeType.Modified;
        lock (_gate)
        {
            if (!_items.TryGetValue(key, out var current))
            {
                throw NotFound(key.Name);
            }

            var currentMeta = metadata(current);
            if (!string.IsNullOrEmpty(meta.ResourceVersion) && meta.ResourceVersion != currentMeta.ResourceVersion)
            {
                throw new PackageRevisionConflictException(
                    $"Operation cannot be fulfilled on {resource}.{Api.PackageVariantApi.Group} \"{key.Name}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            T next;
            if (statusOnly)
            {
                next = Copy(current);
                copyStatus(incoming, next);
            }
            else
            {
                next = incoming;
                copyStatus(current, next);
                var nextMeta = metadata(next);
                nextMeta.Uid = currentMeta.Uid;
                nextMeta.CreationTimestamp = currentMeta.CreationTimestamp;
                nextMeta.DeletionTimestamp = currentMeta.DeletionTimestamp;
                nextMeta.Generation = currentMeta.Generation + (spec(next) == spec(current) ? 0 : 1);
            }

            var written = metadata(next);
            written.ResourceVersion = Next();
            if (written.DeletionTimestamp is not null && written.Finalizers.Count == 0)
            {
                _items.Remove(key);
                change = StoreChangeType.Deleted;
            }
            else
            {
                _items[key] = next;
            }

            result = Copy(next);
        }

        Changed?.Invoke(key.Namespace, key.Name, change);
        return result;
    }

    private string Next() => (++_version).ToString(CultureInfo.InvariantCulture);

    private (string Namespace, string Name) Key(ObjectMeta meta)
    {
        if (string.IsNullOrEmpty(meta.Name))
        {
            throw new PackageValidationException("metadata.name: Required value: name is required", PorchErrorCode.Invalid);
        }

        return (meta.Namespace ?? "default", meta.Name);
    }

    private PackageValidationException NotFound(string name) =>
        new($"{resource}.{Api.PackageVariantApi.Group} \"{name}\" not found", PorchErrorCode.NotFound);

    private T Copy(T item) => JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(item, typeInfo), typeInfo)!; // round trip of a non-null object
}
