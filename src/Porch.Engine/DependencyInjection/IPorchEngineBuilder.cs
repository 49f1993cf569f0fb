using Porch.Krm.Functions;

namespace Porch.Engine;

/// <summary>
/// Configures the engine registered by <c>AddPorchEngine</c>; adapter packages add <c>With*</c> extensions to it, and
/// function runtimes register through the <see cref="IFunctionRuntimeBuilder"/> it is.
/// </summary>
public interface IPorchEngineBuilder : IFunctionRuntimeBuilder
{
}
