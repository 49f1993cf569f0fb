using Porch.Krm;

namespace Porch.Krm.Functions;

/// <summary>Runs one KRM function over a ResourceList.</summary>
public interface IFunctionRunner
{
    /// <summary>Runs the function.</summary>
    /// <param name="input">The input: items and functionConfig. The runner must not change it.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The output ResourceList: items and results.</returns>
    /// <exception cref="FunctionEvaluationException">The function failed; the exception carries its results and message.</exception>
    Task<ResourceList> RunAsync(ResourceList input, CancellationToken cancellationToken = default);
}
