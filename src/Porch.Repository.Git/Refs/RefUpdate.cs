namespace Porch.Repository.Git.Refs;

/// <summary>
/// One change of a remote reference inside an atomic push, with its lease: <see cref="OldId"/> is the value the ref must
/// still have (null: it must not exist); <see cref="NewId"/> null deletes it.
/// </summary>
internal readonly record struct RefUpdate(string Name, string? NewId, string? OldId)
{
    public static RefUpdate Create(string name, string id) => new(name, id, null);

    public static RefUpdate Delete(string name, string oldId) => new(name, null, oldId);
}
