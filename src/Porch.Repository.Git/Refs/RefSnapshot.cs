namespace Porch.Repository.Git.Refs;

/// <summary>An immutable view of the mirror's references in remote naming; every change makes a new generation.</summary>
internal sealed class RefSnapshot
{
    private readonly Dictionary<string, GitRef> _refs;

    public RefSnapshot(long generation, IEnumerable<GitRef> refs)
    {
        Generation = generation;
        _refs = refs.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public static RefSnapshot Empty { get; } = new(0, []);

    public long Generation { get; }

    public IEnumerable<GitRef> Refs => _refs.Values;

    public bool TryGet(string name, out GitRef gitRef) => _refs.TryGetValue(name, out gitRef);

    public string? Find(string name) => _refs.TryGetValue(name, out var r) ? r.CommitId : null;

    /// <summary>Returns a new generation with <paramref name="updates"/> applied (pushed objects are commits, so target = commit).</summary>
    public RefSnapshot Apply(long generation, IEnumerable<RefUpdate> updates)
    {
        var copy = new Dictionary<string, GitRef>(_refs, StringComparer.Ordinal);
        foreach (var update in updates)
        {
            if (update.NewId is null)
            {
                copy.Remove(update.Name);
            }
            else
            {
                copy[update.Name] = new GitRef(update.Name, update.NewId, update.NewId);
            }
        }

        return new RefSnapshot(generation, copy.Values);
    }
}
