using Microsoft.Extensions.DependencyInjection;

namespace Porch.Krm.Functions;

/// <summary>
/// A builder that function runtimes register themselves with: the Porch engine's builder is one
/// (<c>services.AddPorchEngine().WithBuiltinFunctionRuntime()</c>), and a host that only renders packages can supply its
/// own over any <see cref="IServiceCollection"/>.
/// </summary>
public interface IFunctionRuntimeBuilder
{
    /// <summary>Gets the services the runtimes are added to.</summary>
    IServiceCollection Services { get; }
}
