using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// Writes package trees, edits a root tree at a package path (missing ancestors are created, emptied ancestors are
/// dropped) and writes commits, all into one <see cref="ObjectQuarantine"/>.
/// </summary>
internal sealed class CommitBuilder(ObjectStore store, ObjectQuarantine quarantine)
{
    /// <summary>Writes the files of a package (paths already validated) as a tree and returns its id.</summary>
    public async ValueTask<string> WritePackageTreeAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var root = new DirectoryNode();
        foreach (var (path, content) in files)
        {
            var segments = path.Split('/');
            var node = root;
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (!node.Directories.TryGetValue(segments[i], out var child))
                {
                    child = new DirectoryNode();
                    node.Directories[segments[i]] = child;
                }

                node = child;
            }

            var blobId = await quarantine.WriteAsync("blob", Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
            node.Files[segments[^1]] = blobId;
        }

        return await WriteNodeAsync(root, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the id of a root tree equal to <paramref name="rootTreeId"/> (null: empty) except that <paramref name="path"/>
    /// is <paramref name="subtreeId"/> (null: removed).
    /// </summary>
    public async ValueTask<string> ReplaceSubtreeAsync(string? rootTreeId, string path, string? subtreeId, CancellationToken cancellationToken)
    {
        var segments = path.Split('/');
        var result = await ReplaceAsync(rootTreeId, segments, 0, subtreeId, cancellationToken).ConfigureAwait(false);
        return result ?? await WriteTreeAsync([], cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<string> WriteCommitAsync(string treeId, IEnumerable<string> parents, GitSignature author, GitSignature committer, string message, CancellationToken cancellationToken) =>
        quarantine.WriteAsync("commit", GitObjectFormat.EncodeCommit(treeId, parents, author, committer, message), cancellationToken);

    private async ValueTask<string?> ReplaceAsync(string? treeId, string[] segments, int index, string? subtreeId, CancellationToken cancellationToken)
    {
        var tree = treeId is null ? GitTree.Empty : await store.GetTreeAsync(treeId, cancellationToken).ConfigureAwait(false);
        var entries = tree.Entries.ToDictionary(static e => e.Name, StringComparer.Ordinal);
        var name = segments[index];
        string? newChild;
        if (index == segments.Length - 1)
        {
            newChild = subtreeId;
        }
        else
        {
            var childTree = entries.TryGetValue(name, out var existing) && existing.IsTree ? existing.Id : null;
            if (childTree is null && subtreeId is null)
            {
                return treeId; // nothing to remove
            }

            newChild = await ReplaceAsync(childTree, segments, index + 1, subtreeId, cancellationToken).ConfigureAwait(false);
        }

        if (newChild is null)
        {
            if (!entries.Remove(name))
            {
                return treeId;
            }
        }
        else
        {
            entries[name] = new TreeEntry(TreeEntry.DirectoryMode, name, newChild);
        }

        if (entries.Count == 0 && index > 0)
        {
            return null; // git keeps no empty folders
        }

        return await WriteTreeAsync(entries.Values, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string> WriteNodeAsync(DirectoryNode node, CancellationToken cancellationToken)
    {
        var entries = new List<TreeEntry>(node.Files.Count + node.Directories.Count);
        foreach (var (name, id) in node.Files)
        {
            entries.Add(new TreeEntry(TreeEntry.FileMode, name, id));
        }

        foreach (var (name, child) in node.Directories)
        {
            entries.Add(new TreeEntry(TreeEntry.DirectoryMode, name, await WriteNodeAsync(child, cancellationToken).ConfigureAwait(false)));
        }

        return await WriteTreeAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string> WriteTreeAsync(IEnumerable<TreeEntry> entries, CancellationToken cancellationToken)
    {
        var list = entries.ToList();
        var id = await quarantine.WriteAsync("tree", GitObjectFormat.EncodeTree(list), cancellationToken).ConfigureAwait(false);
        store.AddTree(new GitTree(id, list));
        return id;
    }

    private sealed class DirectoryNode
    {
        public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DirectoryNode> Directories { get; } = new(StringComparer.Ordinal);
    }
}
