using System.Collections;

namespace Porch.Repository.Git.Refs;

/// <summary>
/// Ref updates whose every prefix, applied in order, is a state discovery reads as valid (see
/// <see cref="Backend.LibGit2Backend"/>). A backend without the <c>atomic</c> push capability may apply such a list one
/// ref at a time, in order, stopping at the first failure; any other list of several updates must land all-or-nothing.
/// </summary>
/// <remarks>
/// The orders the callers use. Approval: the contended registered branch first (with its lease, so a lost race changes
/// nothing), then the revision's tag, then the deletion of its draft or proposed branch (discovery hides a draft whose
/// workspace a tag of the same package already publishes). Deletions: the deletion marker first, then the tag or the
/// branch commit, since a marker outliving what it marks would mark a later revision or package of the same name.
/// </remarks>
internal sealed class OrderedRefUpdates(IReadOnlyList<RefUpdate> updates) : IReadOnlyList<RefUpdate>
{
    public int Count => updates.Count;

    public RefUpdate this[int index] => updates[index];

    public IEnumerator<RefUpdate> GetEnumerator() => updates.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
