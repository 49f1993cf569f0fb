using Porch.Engine.Repositories;

namespace Porch.Testing;

/// <summary>Settings of an <see cref="InMemoryRepository"/>.</summary>
public sealed class InMemoryRepositoryOptions
{
    /// <summary>Gets or sets the URL shown in self locks (<c>status.selfLock.git.repo</c>). Default <c>memory://&lt;name&gt;</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Gets or sets the clock for publish times. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets who publishes (for <c>publishedBy</c>). Default nobody (empty).</summary>
    public IUserInfoProvider? UserInfoProvider { get; set; }
}
