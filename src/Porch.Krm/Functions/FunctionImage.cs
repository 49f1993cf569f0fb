using System.Diagnostics.CodeAnalysis;

namespace Porch.Krm.Functions;

/// <summary>
/// kpt's image-name rules for pipeline functions: the default registry prefix for short names, tag defaulting, and
/// matching a resolved image against a registry prefix. Shared by the renderer and by function runtimes.
/// </summary>
public static partial class FunctionImage
{
    /// <summary>The registry prefix kpt puts before an image name that has no <c>/</c>: <c>ghcr.io/kptdev/krm-functions-catalog</c>.</summary>
    public const string DefaultPrefix = "ghcr.io/kptdev/krm-functions-catalog";

    /// <summary>The tag kpt appends to an image that has neither a tag nor a digest.</summary>
    public const string DefaultTag = "latest";

    /// <summary>Resolves an image as kpt does before looking up a runtime (kpt's <c>runneroptions</c> image resolution).</summary>
    /// <param name="image">The <c>image</c> of the pipeline step.</param>
    /// <param name="tag">The step's <c>tag</c> field, or null: an exact version or tag that replaces the image's own tag.</param>
    /// <param name="defaultPrefix">The prefix for names without <c>/</c>; <see cref="DefaultPrefix"/> when null. A trailing <c>/</c> is ignored.</param>
    /// <returns>The resolved image, e.g. <c>set-namespace:v0.4</c> becomes <c>ghcr.io/kptdev/krm-functions-catalog/set-namespace:v0.4</c>.</returns>
    /// <exception cref="FunctionEvaluationException">The tag is a version constraint: resolving one needs a tag list (<see cref="FunctionTagResolver"/>).</exception>
    /// <remarks>
    /// A name without <c>/</c> gets the prefix; an image with neither tag nor digest gets <c>:latest</c>. No other
    /// normalisation happens: the result is matched byte for byte, as kpt and Porch match images.
    /// </remarks>
    public static string Resolve(string image, string? tag = null, string? defaultPrefix = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var prefix = (defaultPrefix ?? DefaultPrefix).TrimEnd('/');
        var resolved = image.Contains('/', StringComparison.Ordinal) || prefix.Length == 0 ? image : prefix + "/" + image;
        if (!string.IsNullOrEmpty(tag))
        {
            // kpt (TagResolver): an exact version or a tag that is no constraint is used as written; a constraint
            // needs tags to choose from, which only FunctionTagResolver with listers has.
            if (VersionConstraint.TryParseTag(tag) is not null)
            {
                throw new FunctionEvaluationException($"no tag could be found matching the version constraint \"{tag}\"");
            }

            return StripTagAndDigest(resolved) + ":" + tag;
        }

        return HasTagOrDigest(resolved) ? resolved : resolved + ":" + DefaultTag;
    }

    /// <summary>
    /// Matches a resolved image against a registry prefix and returns the function name between the prefix and the
    /// tag or digest: <c>gcr.io/kpt-fn/set-labels:v0.2</c> with prefix <c>gcr.io/kpt-fn/</c> gives <c>set-labels</c>.
    /// </summary>
    /// <param name="resolvedImage">The image after <see cref="Resolve"/>.</param>
    /// <param name="prefix">The registry prefix; a missing trailing <c>/</c> is implied.</param>
    /// <param name="name">The function name when the prefix matches.</param>
    /// <returns>True when the image starts with the prefix and a non-empty name follows it.</returns>
    public static bool TryGetName(string resolvedImage, string prefix, [NotNullWhen(true)] out string? name)
    {
        ArgumentNullException.ThrowIfNull(resolvedImage);
        ArgumentNullException.ThrowIfNull(prefix);
        name = null;
        var normalized = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
        if (!resolvedImage.StartsWith(normalized, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = StripTagAndDigest(resolvedImage[normalized.Length..]);
        if (rest.Length == 0 || rest.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        name = rest;
        return true;
    }

    /// <summary>Whether the image names a tag (<c>:tag</c> in its last path segment) or a digest (<c>@sha256:...</c>).</summary>
    /// <param name="image">The image.</param>
    /// <returns>True when a tag or digest is present.</returns>
    public static bool HasTagOrDigest(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return true;
        }

        var lastSlash = image.LastIndexOf('/');
        return image.IndexOf(':', lastSlash + 1) >= 0;
    }

    /// <summary>The image without its tag and digest.</summary>
    internal static string StripTagAndDigest(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            image = image[..at];
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon >= 0 ? image[..colon] : image;
    }
}
