using Microsoft.Extensions.DependencyInjection;

namespace Porch.Cache;

/// <summary>The builder <c>WithCache()</c> returns: the same service collection, seen as a cache builder.</summary>
internal sealed class PorchCacheBuilder(IServiceCollection services) : IPorchCacheBuilder
{
    public IServiceCollection Services { get; } = services;
}
