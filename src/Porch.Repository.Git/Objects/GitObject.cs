namespace Porch.Repository.Git.Objects;

/// <summary>A raw git object: its type (<c>blob</c>, <c>tree</c>, <c>commit</c>, <c>tag</c>) and content.</summary>
internal sealed record GitObject(string Type, byte[] Data);
