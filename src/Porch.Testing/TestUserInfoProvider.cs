using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>An <see cref="IUserInfoProvider"/> whose user a test sets.</summary>
public sealed class TestUserInfoProvider : IUserInfoProvider
{
    /// <summary>Gets or sets the current user; null for anonymous.</summary>
    public UserInfo? User { get; set; }

    /// <inheritdoc/>
    public UserInfo? GetUserInfo() => User;
}
