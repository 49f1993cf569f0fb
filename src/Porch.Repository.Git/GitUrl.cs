using System.Security.Cryptography;
using System.Text;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git;

/// <summary>Repository address helpers: the mirror key and folder name.</summary>
internal static class GitUrl
{
    private const int MaxReadableLength = 40;

    /// <summary>
    /// The key of a mirror: the address without credentials and the branch, exactly (no normalisation, so two different
    /// addresses are never one mirror).
    /// </summary>
    public static string MirrorKey(string address, string branch) => GitAddressRules.Redact(address) + "\n" + branch;

    /// <summary>Whether <paramref name="address"/> names a repository on this machine (a path or a <c>file://</c> URL), which libgit2 reaches with its local transport.</summary>
    public static bool IsLocal(string address)
    {
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 ? address[..scheme] == "file" : !IsSsh(address);
    }

    /// <summary>Whether git reaches <paramref name="address"/> over ssh: <c>ssh://</c>, <c>git+ssh://</c>, <c>ssh+git://</c> or git's scp-like <c>[user@]host:path</c>.</summary>
    public static bool IsSsh(string address)
    {
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            return address[..scheme] is "ssh" or "git+ssh" or "ssh+git";
        }

        // As git decides: a colon before the first slash, and not an absolute local path.
        var colon = address.IndexOf(':', StringComparison.Ordinal);
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }

    /// <summary>
    /// The mirror folder name for a <see cref="MirrorKey"/>: a readable prefix (the address's last segment, reduced to
    /// <c>[A-Za-z0-9._-]</c>) and the SHA-256 of the key in hex. Collision-free, never empty, never <c>.</c> or <c>..</c>,
    /// never containing a separator.
    /// </summary>
    public static string MirrorFolderName(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var address = key[..key.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('/');
        var start = address.LastIndexOfAny(['/', ':', '\\']) + 1;
        var readable = new StringBuilder(MaxReadableLength);
        foreach (var c in address.AsSpan(start))
        {
            if (readable.Length == MaxReadableLength)
            {
                break;
            }

            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var prefix = readable.ToString().TrimStart('.', '-');
        return (prefix.Length == 0 ? "repo" : prefix) + "-" + hash;
    }
}
