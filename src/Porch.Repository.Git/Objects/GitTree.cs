using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>A parsed tree. Immutable, so instances are cached by id.</summary>
internal sealed class GitTree
{
    private readonly Dictionary<string, TreeEntry> _byName;

    public GitTree(string id, IReadOnlyList<TreeEntry> entries)
    {
        Id = id;
        Entries = entries;
        _byName = new Dictionary<string, TreeEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _byName[entry.Name] = entry;
        }
    }

    public static GitTree Empty { get; } = new(GitObjectFormat.EmptyTreeId, []);

    public string Id { get; }

    public IReadOnlyList<TreeEntry> Entries { get; }

    public bool TryGet(string name, out TreeEntry entry) => _byName.TryGetValue(name, out entry);

    /// <summary>Gets a value indicating whether the tree holds a regular file named <c>Kptfile</c>.</summary>
    public bool HasKptfile => _byName.TryGetValue("Kptfile", out var e) && e.IsRegularFile;

    public static GitTree Parse(string id, byte[] data)
    {
        var entries = new List<TreeEntry>();
        var pos = 0;
        while (pos < data.Length)
        {
            var space = Array.IndexOf(data, (byte)' ', pos);
            var nul = Array.IndexOf(data, (byte)0, space + 1);
            if (space < 0 || nul < 0 || nul + 21 > data.Length)
            {
                throw new InvalidDataException("malformed tree " + id);
            }

            var mode = Encoding.ASCII.GetString(data, pos, space - pos);
            var name = Encoding.UTF8.GetString(data, space + 1, nul - space - 1);
            var oid = Convert.ToHexStringLower(data, nul + 1, 20);
            entries.Add(new TreeEntry(mode, name, oid));
            pos = nul + 21;
        }

        return new GitTree(id, entries);
    }
}
