using Porch.Krm;

namespace Porch.Engine.Errors;

/// <summary>
/// An object as a Kubernetes error names it: its kind qualified by API group and its name, for example
/// <c>PackageRevision.porch.kpt.dev "blueprints.nginx.v1"</c> (the <c>details</c> group, kind and name of a Status).
/// </summary>
/// <param name="Group">The API group, for example <c>porch.kpt.dev</c>; empty for the core group.</param>
/// <param name="Kind">The kind, for example <c>PackageRevision</c>.</param>
/// <param name="Name">The object's name.</param>
public readonly record struct QualifiedName(string Group, string Kind, string Name)
{
    /// <summary>Gets the qualified kind as Kubernetes prints it: <c>Kind.group</c>, or <c>Kind</c> for the core group.</summary>
    public string QualifiedKind => string.IsNullOrEmpty(Group) ? Kind : Kind + "." + Group;

    /// <summary>Returns the qualified kind and the quoted name: <c>PackageRevision.porch.kpt.dev "name"</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => QualifiedKind + " " + GoString.Quote(Name ?? "");
}
