using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Engine.Repositories;

/// <summary>
/// Selects package revisions. Every property left null matches everything; the properties that are set must all match.
/// </summary>
public sealed class PackageRevisionFilter
{
    /// <summary>Gets a filter that matches every package revision.</summary>
    public static PackageRevisionFilter All { get; } = new();

    /// <summary>Gets the Kubernetes namespace of the revisions.</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the exact <c>metadata.name</c> of the revision.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the repository name (<c>spec.repository</c>).</summary>
    public string? Repository { get; init; }

    /// <summary>Gets the full package name (<c>spec.packageName</c>, <c>/</c>-separated, relative to the repository directory).</summary>
    public string? PackageName { get; init; }

    /// <summary>Gets the workspace name.</summary>
    public string? WorkspaceName { get; init; }

    /// <summary>Gets the revision number (-1 selects placeholders).</summary>
    public int? Revision { get; init; }

    /// <summary>Gets the lifecycles, any of which matches; null or empty matches all.</summary>
    public IReadOnlyList<PackageRevisionLifecycle>? Lifecycles { get; init; }

    /// <summary>Gets labels that the revision's Kptfile must all carry with these values.</summary>
    public IReadOnlyDictionary<string, string>? KptfileLabels { get; init; }

    /// <summary>Gets a label selector over the revision's labels (including the computed latest-revision label).</summary>
    public LabelSelector? Labels { get; init; }

    /// <summary>Gets a value indicating whether only key fields (repository, package, workspace, revision) are set.</summary>
    public bool IsKeyOnly => Name is null && Lifecycles is not { Count: > 0 } && KptfileLabels is not { Count: > 0 } && Labels is null;

    /// <summary>Tests the key fields (namespace, repository, package name, workspace, revision) against <paramref name="key"/>.</summary>
    /// <param name="key">The key of a revision.</param>
    /// <returns>True when every key field that is set matches.</returns>
    public bool MatchesKey(PackageRevisionKey key) =>
        (Namespace is null || Namespace == key.Repository.Namespace) &&
        (Repository is null || Repository == key.Repository.Name) &&
        (PackageName is null || PackageName.Trim('/') == key.Package.PackagePath) &&
        (WorkspaceName is null || WorkspaceName == key.WorkspaceName) &&
        (Revision is null || Revision == key.Revision);

    /// <summary>Tests the lifecycle against <see cref="Lifecycles"/>.</summary>
    /// <param name="lifecycle">The lifecycle of a revision.</param>
    /// <returns>True when no lifecycle is required or <paramref name="lifecycle"/> is one of them.</returns>
    public bool MatchesLifecycle(PackageRevisionLifecycle lifecycle) =>
        Lifecycles is not { Count: > 0 } || Lifecycles.Contains(lifecycle);

    /// <summary>Returns a copy of this filter that keeps only the fields selecting a whole package (namespace, repository, package name).</summary>
    /// <returns>The package-level filter.</returns>
    public PackageRevisionFilter ToPackageLevel() => new() { Namespace = Namespace, Repository = Repository, PackageName = PackageName };

    /// <summary>Tests an API object against every field of the filter (Kptfile labels are read from <c>spec.packageMetadata.labels</c>).</summary>
    /// <param name="packageRevision">The package revision as clients see it.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(PackageRevision packageRevision)
    {
        ArgumentNullException.ThrowIfNull(packageRevision);
        var meta = packageRevision.Metadata;
        var spec = packageRevision.Spec;
        if ((Namespace is not null && Namespace != meta.Namespace) ||
            (Name is not null && Name != meta.Name) ||
            (Repository is not null && Repository != spec.Repository) ||
            (PackageName is not null && PackageName.Trim('/') != (spec.PackageName ?? "").Trim('/')) ||
            (WorkspaceName is not null && WorkspaceName != spec.WorkspaceName) ||
            (Revision is not null && Revision != spec.Revision) ||
            !MatchesLifecycle(spec.Lifecycle ?? PackageRevisionLifecycle.Draft))
        {
            return false;
        }

        if (KptfileLabels is { Count: > 0 })
        {
            var labels = spec.PackageMetadata?.Labels;
            foreach (var (key, value) in KptfileLabels)
            {
                if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        return Labels is null || Labels.Matches(meta.Labels);
    }
}
