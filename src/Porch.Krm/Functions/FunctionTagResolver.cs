using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Porch.Krm.Functions;

/// <summary>
/// Resolves a pipeline step's <c>tag</c> the way kpt's <c>TagResolver.ResolveFunctionImage</c> does: no tag keeps the
/// image; an exact version, or a tag that is neither a version nor a constraint, replaces the image's tag as written;
/// a version constraint lists tags from each lister in turn and takes the highest version that satisfies it.
/// </summary>
public static class FunctionTagResolver
{
    /// <summary>Resolves <paramref name="tag"/> against the image.</summary>
    /// <param name="image">The image after prefix resolution (<see cref="FunctionImage.Resolve"/> without a tag); its own tag or digest is replaced when a tag is given.</param>
    /// <param name="tag">The step's <c>tag</c>, or null.</param>
    /// <param name="listers">Where tags come from, asked in order until one has a match.</param>
    /// <param name="logger">Receives kpt's informational lines (a lister that failed or had no match); optional.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The image with the resolved tag.</returns>
    /// <exception cref="FunctionEvaluationException">The tag is a constraint and no lister has a matching tag: kpt's
    /// <c>no tag could be found matching the version constraint "..."</c>.</exception>
    public static async ValueTask<string> ResolveAsync(
        string image,
        string? tag,
        IEnumerable<IFunctionTagLister> listers,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        ArgumentNullException.ThrowIfNull(listers);
        if (string.IsNullOrEmpty(tag))
        {
            return image;
        }

        logger ??= NullLogger.Instance;
        var bare = FunctionImage.StripTagAndDigest(image);
        if (VersionConstraint.TryParseTag(tag) is { } constraint)
        {
            foreach (var lister in listers)
            {
                IReadOnlyList<string> tags;
                try
                {
                    tags = await lister.ListTagsAsync(bare, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "failed to list tags for image {Image} using lister {Lister}", bare, lister.Name);
                    continue;
                }

                if (tags.Count == 0)
                {
                    logger.LogInformation("no tags found for image {Image} with lister {Lister}", bare, lister.Name);
                    continue;
                }

                var versions = SortedVersions(tags);
                if (versions.FirstOrDefault(constraint.IsSatisfiedBy) is { } match)
                {
                    return bare + ":" + match.Original;
                }

                logger.LogInformation("no tag matched the version constraint {Constraint} when using lister {Lister}", tag, lister.Name);
            }

            throw new FunctionEvaluationException($"no tag could be found matching the version constraint \"{tag}\"");
        }

        return bare + ":" + tag;
    }

    /// <summary>
    /// Keeps the tags that are versions, highest first (kpt's <c>filterParseSortTags</c>): <c>sha256-...</c> digest tags
    /// and <c>...-git-...</c> build tags are skipped, as is anything that does not parse as a version.
    /// </summary>
    internal static List<SemanticVersion> SortedVersions(IEnumerable<string> tags)
    {
        var versions = new List<SemanticVersion>();
        foreach (var tag in tags)
        {
            if (tag.StartsWith("sha256-", StringComparison.Ordinal) || tag.Contains("-git-", StringComparison.Ordinal))
            {
                continue;
            }

            if (SemanticVersion.TryParse(tag) is { } version)
            {
                versions.Add(version);
            }
        }

        versions.Sort((a, b) => b.CompareTo(a));
        return versions;
    }
}
