using Microsoft.Extensions.DependencyInjection;

namespace Porch.Engine;

/// <summary>The builder <c>AddPorchEngine</c> returns.</summary>
internal sealed class PorchEngineBuilder(IServiceCollection services) : IPorchEngineBuilder
{
    public IServiceCollection Services { get; } = services;
}
