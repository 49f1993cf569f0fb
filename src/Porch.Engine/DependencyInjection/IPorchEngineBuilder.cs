using Microsoft.Extensions.DependencyInjection;

namespace Porch.Engine;

/// <summary>Configures the engine registered by <c>AddPorchEngine</c>; adapter packages add <c>With*</c> extensions to it.</summary>
public interface IPorchEngineBuilder
{
    /// <summary>Gets the service collection the engine is registered in.</summary>
    IServiceCollection Services { get; }
}
