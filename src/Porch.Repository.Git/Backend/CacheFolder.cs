namespace Porch.Repository.Git.Backend;

/// <summary>
/// The adapter's cache root. Every recursive delete goes through <see cref="DeleteDirectoryAsync"/>, which refuses any
/// path that is not strictly inside the root (compared after <see cref="Path.GetFullPath(string)"/>) or that reaches
/// through a symbolic link, so a crafted name can never remove the root, a sibling or anything outside it.
/// </summary>
internal sealed class CacheFolder
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase
        : StringComparison.Ordinal;

    public CacheFolder(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>Gets the full path of the root, without a trailing separator.</summary>
    public string Root { get; }

    /// <summary>Returns whether <paramref name="path"/> is strictly inside the root (never the root itself).</summary>
    public bool Contains(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return full.Length > Root.Length + 1
            && full.StartsWith(Root, PathComparison)
            && (full[Root.Length] == Path.DirectorySeparatorChar || full[Root.Length] == Path.AltDirectorySeparatorChar);
    }

    /// <summary>Throws unless <paramref name="path"/> is strictly inside the root; returns its full path.</summary>
    public string Confine(string path)
    {
        if (!Contains(path))
        {
            throw new InvalidOperationException($"refusing to use {GitCommandLine.Quote(path)}: it is not inside the cache folder {GitCommandLine.Quote(Root)}");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    /// <summary>
    /// Deletes a directory strictly inside the root, recursively. Nothing to do when it does not exist. A delete that
    /// races with a writer still finishing (<c>Directory not empty</c>) is retried up to <paramref name="attempts"/> times;
    /// the last failure is thrown as <see cref="IOException"/>.
    /// </summary>
    public async Task DeleteDirectoryAsync(string path, int attempts = 5)
    {
        var full = Confine(path);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!Directory.Exists(full))
                {
                    return;
                }

                ThrowIfLinked(full);
                Directory.Delete(full, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                // Removed meanwhile (by the racing writer's own clean-up, or a part of it): look again.
                if (attempt >= attempts)
                {
                    return;
                }
            }
            catch (IOException) when (attempt < attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>As <see cref="DeleteDirectoryAsync"/> but never throws for an I/O failure; returns whether the directory is gone.</summary>
    public async Task<bool> TryDeleteDirectoryAsync(string path, int attempts = 5)
    {
        try
        {
            await DeleteDirectoryAsync(path, attempts).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Synchronous best-effort delete for <see cref="IDisposable.Dispose"/> paths: one attempt, never throws for I/O.</summary>
    public bool TryDeleteDirectory(string path)
    {
        var full = Confine(path);
        try
        {
            if (Directory.Exists(full))
            {
                ThrowIfLinked(full);
                Directory.Delete(full, recursive: true);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Refuses a path when it or any folder between it and the root is a symbolic link (or junction).</summary>
    private void ThrowIfLinked(string full)
    {
        for (var current = full; current.Length > Root.Length; current = Path.GetDirectoryName(current)!)
        {
            var info = new DirectoryInfo(current);
            if (info.Exists && (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint)))
            {
                throw new IOException($"refusing to delete {GitCommandLine.Quote(full)}: {GitCommandLine.Quote(current)} is a symbolic link");
            }
        }
    }
}
