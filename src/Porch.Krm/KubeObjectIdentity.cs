namespace Porch.Krm;

/// <summary>The identity kpt matches resources by: API group, kind, namespace and name.</summary>
/// <param name="Group">The API group (empty for the core group).</param>
/// <param name="Kind">The kind.</param>
/// <param name="Namespace">The namespace, empty when none is set.</param>
/// <param name="Name">The name.</param>
public readonly record struct KubeObjectIdentity(string Group, string Kind, string Namespace, string Name)
{
    /// <summary>The form of kpt's <c>internal.kpt.dev/upstream-identifier</c> annotation: <c>group|kind|namespace|name</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Group}|{Kind}|{Namespace}|{Name}";
}
