using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>
/// Writes package trees, edits a root tree at a package path (missing ancestors are created, emptied ancestors are
/// dropped) and writes commits, all into one <see cref="ObjectQuarantine"/>.
/// </summary>
internal sealed class CommitBuilder(ObjectStore store, ObjectQuarantine quarantine)
{
    /// <summary>
    /// Writes the files of a package as a tree and returns its id. A tree never gets two entries of one name: a path
    /// that is both a file and a folder (<c>Kptfile</c> and <c>Kptfile/x.yaml</c>) is refused, as are empty, <c>.</c>,
    /// <c>..</c> and <c>.git</c> path segments (the engine checks the same rules first; this is the last line).
    /// </summary>
    public async ValueTask<string> WritePackageTreeAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var root = new DirectoryNode();

        // Ordinal order puts "a" before "a/b", so a conflict is always reported on the longer path.
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
        {
            var segments = path.Split('/');
            CheckSegments(path, segments);
            var node = root;
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (node.Files.ContainsKey(segments[i]))
                {
                    throw Conflict(path, string.Join('/', segments, 0, i + 1));
                }

                if (!node.Directories.TryGetValue(segments[i], out var child))
                {
                    child = new DirectoryNode();
                    node.Directories[segments[i]] = child;
                }

                node = child;
            }

            if (node.Directories.ContainsKey(segments[^1]))
            {
                throw Conflict(path + "/...", path);
            }

            var blobId = await quarantine.WriteAsync("blob", Encoding.UTF8.GetBytes(files[path]), cancellationToken).ConfigureAwait(false);
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

    private static void CheckSegments(string path, string[] segments)
    {
        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..")
            {
                throw new Engine.Errors.PackageValidationException(
                    $"invalid resource path {Backend.GitCommandLine.Quote(path)}: empty, \".\" and \"..\" path segments are not allowed");
            }

            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                throw new Engine.Errors.PackageValidationException(
                    $"invalid resource path {Backend.GitCommandLine.Quote(path)}: \".git\" path segments are not allowed");
            }
        }
    }

    private static Engine.Errors.PackageValidationException Conflict(string path, string file) =>
        new($"invalid resource path {Backend.GitCommandLine.Quote(path)}: {Backend.GitCommandLine.Quote(file)} is a file, so it cannot also be a folder");

    private sealed class DirectoryNode
    {
        public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DirectoryNode> Directories { get; } = new(StringComparer.Ordinal);
    }
}
