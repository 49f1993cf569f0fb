using Microsoft.Extensions.DependencyInjection.Extensions;
using Porch.AspNetCore;
using Porch.Engine;
using Porch.Engine.Repositories;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Engine builder extensions for ASP.NET Core hosts.</summary>
public static class AspNetCoreBuilderExtensions
{
    /// <summary>Makes the authenticated user of each HTTP request Porch's user (commit author, <c>publishedBy</c>).</summary>
    /// <param name="builder">The engine builder.</param>
    /// <returns>The builder.</returns>
    public static IPorchEngineBuilder WithHttpUserInfo(this IPorchEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpContextAccessor();
        builder.Services.Replace(ServiceDescriptor.Singleton<IUserInfoProvider, HttpContextUserInfoProvider>());
        return builder;
    }
}
