using Porch.Krm;

namespace Porch.Krm.Functions;

/// <summary>
/// Runs KRM functions of some images (in process, through a function runner, ...). Several runtimes can be
/// registered; the renderer asks them in registration order and uses the first that serves a function.
/// </summary>
public interface IFunctionRuntime
{
    /// <summary>Returns a runner for <paramref name="function"/>, or null when this runtime does not serve its image.</summary>
    /// <param name="function">The Kptfile pipeline entry (image or exec, config).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The runner, or null.</returns>
    ValueTask<IFunctionRunner?> GetRunnerAsync(KptFunction function, CancellationToken cancellationToken = default);
}
