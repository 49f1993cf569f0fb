using Porch.Engine.Api;

namespace Porch.Engine.Repositories;

/// <summary>Selects packages. Every property left null matches everything.</summary>
public sealed class PackageFilter
{
    /// <summary>Gets a filter that matches every package.</summary>
    public static PackageFilter All { get; } = new();

    /// <summary>Gets the Kubernetes namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the exact object name (<c>&lt;repo&gt;.&lt;path&gt;.&lt;package&gt;</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Gets the repository name.</summary>
    public string? Repository { get; init; }

    /// <summary>Gets the full package name.</summary>
    public string? PackageName { get; init; }

    /// <summary>Tests <paramref name="key"/> against every field that is set.</summary>
    /// <param name="key">The key of a package.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(PackageKey key) =>
        (Namespace is null || Namespace == key.Repository.Namespace) &&
        (Repository is null || Repository == key.Repository.Name) &&
        (PackageName is null || PackageName.Trim('/') == key.PackagePath) &&
        (Name is null || Name == key.ObjectName);
}
