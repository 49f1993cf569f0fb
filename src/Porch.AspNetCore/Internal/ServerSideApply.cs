using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>) as far as <c>kubectl apply --server-side</c> needs it: the
/// applied object's fields (leaves; lists are atomic, as structured-merge-diff treats lists without merge keys) are
/// owned by the <c>fieldManager</c>; applying sets them, drops the fields this manager owned before and no longer
/// applies (when no other manager owns them), and a field another manager owns with a different value is
/// apiserver's 409 <c>Apply failed with 1 conflict: conflict with "m": .spec.x</c> unless <c>force=true</c>, which moves
/// the ownership. Ownership is kept by the server in memory (not written as <c>metadata.managedFields</c>), and only
/// appliers own fields: writes by create, update and patch are not tracked.
/// </summary>
internal static class ServerSideApply
{
    public const string MediaType = "application/apply-patch+yaml";

    /// <summary>Between the segments of a path (a label key may hold dots and slashes).</summary>
    private const char Separator = '\u001f';

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<(string Namespace, string Name), Dictionary<string, HashSet<string>>>> Owners = [];

    public static bool IsApply(string contentType) => contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The manager of an apply: the <c>fieldManager</c> query parameter, required (apiserver's 422).</summary>
    public static string Manager(RequestContext request) => request.Query("fieldManager") is { Length: > 0 } manager
        ? manager
        : throw new ApiStatusException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
            new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = "PatchOptions", ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = "Required value: is required for apply patch", ["field"] = "fieldManager" }) });

    public static bool Force(RequestContext request) => request.Query("force") is "true" or "1";

    /// <summary>The field owners of one object of one host (keyed by <paramref name="host"/>, a singleton of it).</summary>
    public static Dictionary<string, HashSet<string>> OwnersOf(object host, string ns, string name) =>
        Owners.GetValue(host, _ => new()).GetOrAdd((ns, name), _ => new Dictionary<string, HashSet<string>>(StringComparer.Ordinal));

    public static void Forget(object host, string ns, string name) => Owners.GetValue(host, _ => new()).TryRemove((ns, name), out _);

    /// <summary>The applied leaves: everything but apiVersion, kind, status and metadata other than labels and annotations.</summary>
    public static Dictionary<string, JsonNode?> Leaves(JsonObject applied)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in applied)
        {
            if (key is "apiVersion" or "kind" or "status")
            {
                continue;
            }

            if (key == "metadata")
            {
                foreach (var part in new[] { "labels", "annotations" })
                {
                    if (value?[part] is JsonObject map)
                    {
                        Collect(map, "metadata" + Separator + part, leaves);
                    }
                }

                continue;
            }

            Collect(value, key, leaves);
        }

        return leaves;
    }

    /// <summary>apiserver's conflict error (<c>NewApplyConflict</c>, texts of fieldmanager's <c>getConflictMessage</c>).</summary>
    public static ApiStatusException Conflict(IReadOnlyList<(string Manager, string Path)> conflicts)
    {
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\": {conflicts[0].Path}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with \"{group.Key}\":");
                lines.AddRange(group.Select(c => "- " + c.Path));
            }

            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }

        var causes = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with \"{c.Manager}\"", ["field"] = c.Path })]);
        return new ApiStatusException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }

    /// <summary>
    /// Applies <paramref name="leaves"/> of <paramref name="manager"/> to <paramref name="current"/> (a copy is changed
    /// and returned), or throws the conflict. Ownership is updated only by the returned commit action, after the write.
    /// </summary>
    public static (JsonObject Merged, Action Commit) Apply(JsonObject current, Dictionary<string, JsonNode?> leaves, string manager, bool force, Dictionary<string, HashSet<string>> owners)
    {
        var conflicts = new List<(string Manager, string Path)>();
        foreach (var (path, value) in leaves)
        {
            foreach (var (other, owned) in owners)
            {
                if (other != manager && owned.Contains(path) && !JsonNode.DeepEquals(Get(current, path), value))
                {
                    conflicts.Add((other, Display(path)));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        var merged = current.DeepClone().AsObject();
        var before = owners.TryGetValue(manager, out var previous) ? previous : [];
        foreach (var dropped in before.Where(p => !leaves.ContainsKey(p) && !owners.Any(o => o.Key != manager && o.Value.Contains(p))))
        {
            Remove(merged, dropped);
        }

        foreach (var (path, value) in leaves)
        {
            Set(merged, path, value?.DeepClone());
        }

        return (merged, () =>
        {
            lock (owners)
            {
                foreach (var (other, owned) in owners.Where(o => o.Key != manager))
                {
                    owned.ExceptWith(leaves.Keys);
                }

                owners[manager] = [.. leaves.Keys];
            }
        });
    }

    private static void Collect(JsonNode? node, string path, Dictionary<string, JsonNode?> leaves)
    {
        if (node is JsonObject map && map.Count > 0)
        {
            foreach (var (key, value) in map)
            {
                Collect(value, path + Separator + key, leaves);
            }

            return;
        }

        leaves[path] = node;
    }

    private static string[] Segments(string path) => path.Split(Separator);

    /// <summary>A path as apiserver prints it (<c>.spec.git.repo</c>).</summary>
    private static string Display(string path) => "." + path.Replace(Separator, '.');

    private static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in Segments(path))
        {
            node = node is JsonObject map && map.TryGetPropertyValue(segment, out var next) ? next : null;
        }

        return node;
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = Segments(path);
        var map = root;
        foreach (var segment in segments[..^1])
        {
            if (map[segment] is not JsonObject next)
            {
                next = [];
                map[segment] = next;
            }

            map = next;
        }

        map[segments[^1]] = value;
    }

    private static void Remove(JsonObject root, string path)
    {
        var segments = Segments(path);
        var map = root;
        foreach (var segment in segments[..^1])
        {
            if (map[segment] is not JsonObject next)
            {
                return;
            }

            map = next;
        }

        map.Remove(segments[^1]);
    }
}
