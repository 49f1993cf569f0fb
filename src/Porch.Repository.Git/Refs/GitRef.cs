namespace Porch.Repository.Git.Refs;

/// <summary>A reference as the remote names it (<c>refs/heads/...</c>, <c>refs/tags/...</c>), its target and the commit it peels to.</summary>
internal readonly record struct GitRef(string Name, string TargetId, string CommitId);
