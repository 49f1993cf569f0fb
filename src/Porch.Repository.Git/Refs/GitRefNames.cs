using System.Globalization;

namespace Porch.Repository.Git.Refs;

/// <summary>
/// Porch's reference naming (spec 5.2). The mirror keeps branches and tags under the remote's own names (as
/// <c>git clone --bare</c> does) rather than under <c>refs/remotes/origin/</c>: the mirror is private to the adapter,
/// and a clone writes the initial refs in one packed file where a first fetch writes one file per ref.
/// </summary>
internal static class GitRefNames
{
    public const string Heads = "refs/heads/";
    public const string Tags = "refs/tags/";
    public const string DraftsPrefix = Heads + "drafts/";
    public const string ProposedPrefix = Heads + "proposed/";
    public const string DeletionProposedPrefix = Heads + "deletionProposed/";

    public static string Branch(string branch) => Heads + branch;

    public static string Draft(string fullPath, string workspace) => DraftsPrefix + fullPath + "/" + workspace;

    public static string Proposed(string fullPath, string workspace) => ProposedPrefix + fullPath + "/" + workspace;

    public static string Tag(string fullPath, int revision) => Tags + fullPath + "/v" + revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>The branch marking a published revision DeletionProposed: <c>v&lt;N&gt;</c>, or the workspace when N ≤ 0.</summary>
    public static string DeletionProposed(string fullPath, int revision, string workspace) =>
        DeletionProposedPrefix + fullPath + "/" + (revision > 0 ? "v" + revision.ToString(CultureInfo.InvariantCulture) : workspace);

    /// <summary>The short name (<c>drafts/x/ws</c>, <c>x/v1</c>, <c>main</c>) used in locks.</summary>
    public static string Short(string remoteName) =>
        remoteName.StartsWith(Heads, StringComparison.Ordinal) ? remoteName[Heads.Length..]
        : remoteName.StartsWith(Tags, StringComparison.Ordinal) ? remoteName[Tags.Length..]
        : remoteName;
}
