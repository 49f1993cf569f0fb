using System.Text.Json;
using Porch.Engine.Errors;
using Porch.PackageVariants.Api;
using Porch.PackageVariants.Internal;

namespace Porch.PackageVariants;

/// <summary>
/// The PackageVariant and PackageVariantSet objects, in memory with Kubernetes semantics: uids, resource versions
/// (a stale one is a <see cref="PackageRevisionConflictException"/>), generations, finalizers (a delete only marks an
/// object that has any) and a status subresource. The controllers and the REST surface share it; every read is a copy.
/// </summary>
public sealed class PackageVariantStore
{
    private readonly ObjectStore<PackageVariant> _variants;
    private readonly ObjectStore<PackageVariantSet> _sets;

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock of creation and deletion timestamps.</param>
    public PackageVariantStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _variants = new(PackageVariantApi.PackageVariantsResource, PackageVariantJsonContext.Default.PackageVariant, v => v.Metadata,
            v => JsonSerializer.Serialize(v.Spec, PackageVariantJsonContext.Default.PackageVariantSpec), (from, to) => to.Status = from.Status, timeProvider);
        _sets = new(PackageVariantApi.PackageVariantSetsResource, PackageVariantJsonContext.Default.PackageVariantSet, v => v.Metadata,
            v => JsonSerializer.Serialize(v.Spec, PackageVariantJsonContext.Default.PackageVariantSetSpec), (from, to) => to.Status = from.Status, timeProvider);
        _variants.Changed += (ns, name, type) => PackageVariantChanged?.Invoke(ns, name, type);
        _sets.Changed += (ns, name, type) => PackageVariantSetChanged?.Invoke(ns, name, type);
    }

    /// <summary>
    /// Puts PackageVariants and PackageVariantSets read back from the host's durable storage as they were stored: the
    /// uids stay, so the owner references on downstream package revisions still name their variants. Each restored object
    /// raises an Added change, so the controllers reconcile it.
    /// </summary>
    /// <param name="packageVariants">The stored PackageVariants.</param>
    /// <param name="packageVariantSets">The stored PackageVariantSets.</param>
    public void Restore(IEnumerable<PackageVariant> packageVariants, IEnumerable<PackageVariantSet> packageVariantSets)
    {
        ArgumentNullException.ThrowIfNull(packageVariants);
        ArgumentNullException.ThrowIfNull(packageVariantSets);
        _sets.Restore(packageVariantSets);
        _variants.Restore(packageVariants);
    }

    /// <summary>Raised after a PackageVariant was written (namespace, name, change), outside the store's lock.</summary>
    public event Action<string, string, StoreChangeType>? PackageVariantChanged;

    /// <summary>Raised after a PackageVariantSet was written (namespace, name, change), outside the store's lock.</summary>
    public event Action<string, string, StoreChangeType>? PackageVariantSetChanged;

    /// <summary>The PackageVariant, or null.</summary>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <returns>A copy, or null.</returns>
    public PackageVariant? GetPackageVariant(string @namespace, string name) => _variants.Get(@namespace, name);

    /// <summary>The PackageVariants of a namespace (all when null), by namespace and name.</summary>
    /// <param name="namespace">The namespace, or null.</param>
    /// <returns>Copies.</returns>
    public IReadOnlyList<PackageVariant> ListPackageVariants(string? @namespace) => _variants.List(@namespace);

    /// <summary>Creates a PackageVariant (uid, resource version, generation 1).</summary>
    /// <param name="packageVariant">The object; its status is kept as given.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="PackageValidationException">It exists already (<see cref="PorchErrorCode.Conflict"/>) or has no name.</exception>
    public PackageVariant CreatePackageVariant(PackageVariant packageVariant)
    {
        ArgumentNullException.ThrowIfNull(packageVariant);
        return _variants.Create(packageVariant);
    }

    /// <summary>Replaces a PackageVariant's metadata and spec, keeping its status.</summary>
    /// <param name="packageVariant">The object; a resource version, when set, must be the current one.</param>
    /// <returns>The stored object.</returns>
    /// <exception cref="PackageRevisionConflictException">The resource version is stale.</exception>
    /// <exception cref="PackageValidationException">It does not exist (<see cref="PorchErrorCode.NotFound"/>).</exception>
    public PackageVariant UpdatePackageVariant(PackageVariant packageVariant)
    {
        ArgumentNullException.ThrowIfNull(packageVariant);
        return _variants.Update(packageVariant);
    }

    /// <summary>Replaces a PackageVariant's status.</summary>
    /// <param name="packageVariant">The object; a resource version, when set, must be the current one.</param>
    /// <returns>The stored object.</returns>
    public PackageVariant UpdatePackageVariantStatus(PackageVariant packageVariant)
    {
        ArgumentNullException.ThrowIfNull(packageVariant);
        return _variants.UpdateStatus(packageVariant);
    }

    /// <summary>Deletes a PackageVariant, or marks it deleted while it has finalizers.</summary>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <returns>The object as it was last stored.</returns>
    public PackageVariant DeletePackageVariant(string @namespace, string name) => _variants.Delete(@namespace, name);

    /// <summary>The PackageVariantSet, or null.</summary>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <returns>A copy, or null.</returns>
    public PackageVariantSet? GetPackageVariantSet(string @namespace, string name) => _sets.Get(@namespace, name);

    /// <summary>The PackageVariantSets of a namespace (all when null), by namespace and name.</summary>
    /// <param name="namespace">The namespace, or null.</param>
    /// <returns>Copies.</returns>
    public IReadOnlyList<PackageVariantSet> ListPackageVariantSets(string? @namespace) => _sets.List(@namespace);

    /// <summary>Creates a PackageVariantSet.</summary>
    /// <param name="packageVariantSet">The object.</param>
    /// <returns>The stored object.</returns>
    public PackageVariantSet CreatePackageVariantSet(PackageVariantSet packageVariantSet)
    {
        ArgumentNullException.ThrowIfNull(packageVariantSet);
        return _sets.Create(packageVariantSet);
    }

    /// <summary>Replaces a PackageVariantSet's metadata and spec, keeping its status.</summary>
    /// <param name="packageVariantSet">The object.</param>
    /// <returns>The stored object.</returns>
    public PackageVariantSet UpdatePackageVariantSet(PackageVariantSet packageVariantSet)
    {
        ArgumentNullException.ThrowIfNull(packageVariantSet);
        return _sets.Update(packageVariantSet);
    }

    /// <summary>Replaces a PackageVariantSet's status.</summary>
    /// <param name="packageVariantSet">The object.</param>
    /// <returns>The stored object.</returns>
    public PackageVariantSet UpdatePackageVariantSetStatus(PackageVariantSet packageVariantSet)
    {
        ArgumentNullException.ThrowIfNull(packageVariantSet);
        return _sets.UpdateStatus(packageVariantSet);
    }

    /// <summary>Deletes a PackageVariantSet, or marks it deleted while it has finalizers.</summary>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <returns>The object as it was last stored.</returns>
    public PackageVariantSet DeletePackageVariantSet(string @namespace, string name) => _sets.Delete(@namespace, name);
}
