using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>One package of the tree being rendered: a directory holding a Kptfile.</summary>
internal sealed class RenderPackage
{
    public RenderPackage(string directory, Kptfile kptfile, RenderPackage? parent)
    {
        Directory = directory;
        Kptfile = kptfile;
        Parent = parent;
        PackagePathAnnotation = "/" + directory;
    }

    /// <summary>Gets the directory relative to the root package, <c>/</c>-separated; empty for the root.</summary>
    public string Directory { get; }

    /// <summary>Gets the parsed, validated Kptfile.</summary>
    public Kptfile Kptfile { get; }

    /// <summary>Gets the parent package, or null for the root.</summary>
    public RenderPackage? Parent { get; }

    /// <summary>Gets the direct subpackages, sorted by path.</summary>
    public List<RenderPackage> Subpackages { get; } = new();

    /// <summary>Gets the resource files of this package (root-relative paths), in kpt's walk order.</summary>
    public List<string> ResourceFiles { get; } = new();

    /// <summary>Gets the resource files that held at least one resource when read; render prunes those left without resources.</summary>
    public HashSet<string> ContributingFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the value of <c>internal.config.kubernetes.io/package-path</c> for resources of this package.</summary>
    public string PackagePathAnnotation { get; }

    /// <summary>Gets how kpt names the package in error text: <c>.</c> for the root, else <c>./</c> and its relative path.</summary>
    public string DisplayPath => Directory.Length == 0 ? "." : "./" + Directory;

    /// <summary>Turns a package-relative path into a root-relative one.</summary>
    public string ToRootPath(string packageRelativePath) => Directory.Length == 0 ? packageRelativePath : Directory + "/" + packageRelativePath;
}
