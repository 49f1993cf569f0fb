using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Porch.Repository.Git.Objects;

/// <summary>Git's object encoding: ids (SHA-1 over <c>"&lt;type&gt; &lt;size&gt;\0" + content</c>), trees and commits.</summary>
internal static class GitObjectFormat
{
    public const string EmptyTreeId = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

#pragma warning disable CA5350 // Git object ids are SHA-1 by definition (repositories in SHA-1 object format).
    public static string ComputeId(string type, ReadOnlySpan<byte> content)
    {
        var header = Encoding.ASCII.GetBytes(type + " " + content.Length.ToString(CultureInfo.InvariantCulture) + "\0");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(header);
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
#pragma warning restore CA5350

    public static byte[] EncodeLoose(string type, ReadOnlySpan<byte> content)
    {
        var header = Encoding.ASCII.GetBytes(type + " " + content.Length.ToString(CultureInfo.InvariantCulture) + "\0");
        var raw = new byte[header.Length + content.Length];
        header.CopyTo(raw, 0);
        content.CopyTo(raw.AsSpan(header.Length));
        return raw;
    }

    /// <summary>
    /// Splits a loose object's inflated bytes (<c>"&lt;type&gt; &lt;size&gt;\0" + content</c>) into its type and content;
    /// false when the header is not one (no NUL, a size that is not the content's length).
    /// </summary>
    public static bool TryDecodeLoose(ReadOnlySpan<byte> raw, out string type, out byte[] content)
    {
        type = "";
        content = [];
        var nul = raw.IndexOf((byte)0);
        var space = nul < 0 ? -1 : raw[..nul].IndexOf((byte)' ');
        if (space <= 0
            || !int.TryParse(raw[(space + 1)..nul], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || size != raw.Length - nul - 1)
        {
            return false;
        }

        type = Encoding.ASCII.GetString(raw[..space]);
        content = raw[(nul + 1)..].ToArray();
        return true;
    }

    /// <summary>Encodes a tree; entries are sorted as git requires (directories compare as if their name ended in <c>/</c>).</summary>
    public static byte[] EncodeTree(IEnumerable<TreeEntry> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort(static (a, b) => CompareTreeNames(a, b));
        using var ms = new MemoryStream();
        foreach (var entry in sorted)
        {
            var head = Encoding.UTF8.GetBytes(entry.Mode + " " + entry.Name);
            ms.Write(head);
            ms.WriteByte(0);
            ms.Write(Convert.FromHexString(entry.Id));
        }

        return ms.ToArray();
    }

    public static byte[] EncodeCommit(string treeId, IEnumerable<string> parents, GitSignature author, GitSignature committer, string message)
    {
        var sb = new StringBuilder(256 + message.Length);
        sb.Append("tree ").Append(treeId).Append('\n');
        foreach (var parent in parents)
        {
            sb.Append("parent ").Append(parent).Append('\n');
        }

        sb.Append("author ").Append(author.Format()).Append('\n');
        sb.Append("committer ").Append(committer.Format()).Append('\n');
        sb.Append('\n').Append(message);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static int CompareTreeNames(TreeEntry a, TreeEntry b)
    {
        var x = Encoding.UTF8.GetBytes(a.IsTree ? a.Name + "/" : a.Name);
        var y = Encoding.UTF8.GetBytes(b.IsTree ? b.Name + "/" : b.Name);
        return x.AsSpan().SequenceCompareTo(y);
    }
}
