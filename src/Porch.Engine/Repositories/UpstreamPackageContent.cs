namespace Porch.Engine.Repositories;

/// <summary>A package fetched by an <see cref="IUpstreamPackageFetcher"/>: its files and the commit its ref resolved to.</summary>
public sealed class UpstreamPackageContent
{
    /// <summary>Creates the content.</summary>
    /// <param name="files">Package-relative path (with <c>/</c>) to file text.</param>
    /// <param name="commit">The resolved commit id.</param>
    public UpstreamPackageContent(IReadOnlyDictionary<string, string> files, string commit)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrEmpty(commit);
        Files = files;
        Commit = commit;
    }

    /// <summary>The package's files, relative to the package directory.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>The commit the ref resolved to (written to <c>upstreamLock.git.commit</c>).</summary>
    public string Commit { get; }
}
