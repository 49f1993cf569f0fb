namespace Porch.Engine.Repositories;

/// <summary>An authenticated user.</summary>
/// <param name="Name">The user name (Porch uses it as both commit author name and e-mail).</param>
/// <param name="Email">The e-mail address, or null to use <paramref name="Name"/>.</param>
public sealed record UserInfo(string Name, string? Email = null);
