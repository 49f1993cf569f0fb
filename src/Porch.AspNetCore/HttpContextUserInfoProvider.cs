using Microsoft.AspNetCore.Http;
using Porch.Engine.Repositories;

namespace Porch.AspNetCore;

/// <summary>
/// The caller of the current HTTP request as Porch's user (commit author and <c>publishedBy</c>): the authenticated
/// identity's name, or nobody for anonymous requests.
/// </summary>
internal sealed class HttpContextUserInfoProvider(IHttpContextAccessor accessor) : IUserInfoProvider
{
    public UserInfo? GetUserInfo() =>
        accessor.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? new UserInfo(name) : null;
}
