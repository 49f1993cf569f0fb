using System.Text.Json.Serialization;

namespace Porch.Engine.Api;

/// <summary>
/// The lifecycle of a package revision (<c>spec.lifecycle</c>), serialised as <c>Draft</c>, <c>Proposed</c>,
/// <c>Published</c> or <c>DeletionProposed</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PackageRevisionLifecycle>))]
public enum PackageRevisionLifecycle
{
    /// <summary>Being edited; resources may change.</summary>
    Draft,

    /// <summary>Proposed for publication.</summary>
    Proposed,

    /// <summary>Published with a revision number; immutable.</summary>
    Published,

    /// <summary>Published and proposed for deletion.</summary>
    DeletionProposed,
}
