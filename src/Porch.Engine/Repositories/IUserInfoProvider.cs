namespace Porch.Engine.Repositories;

/// <summary>Tells who the caller of the current operation is (for commit authors and <c>publishedBy</c>).</summary>
public interface IUserInfoProvider
{
    /// <summary>Gets the current user, or null when the caller is anonymous.</summary>
    /// <returns>The user.</returns>
    UserInfo? GetUserInfo();
}
