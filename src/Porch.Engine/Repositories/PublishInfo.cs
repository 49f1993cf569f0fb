namespace Porch.Engine.Repositories;

/// <summary>Who published a package revision and when.</summary>
/// <param name="PublishedBy">The publisher (an e-mail address or user name), or null.</param>
/// <param name="PublishedAt">The publish time, or null.</param>
public readonly record struct PublishInfo(string? PublishedBy, DateTimeOffset? PublishedAt);
