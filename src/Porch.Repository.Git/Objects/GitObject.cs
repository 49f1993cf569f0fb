namespace Porch.Repository.Git.Objects;

/// <summary>A raw git object: its id, type (<c>blob</c>, <c>tree</c>, <c>commit</c>, <c>tag</c>) and content.</summary>
internal sealed record GitObject(string Id, string Type, byte[] Data);
