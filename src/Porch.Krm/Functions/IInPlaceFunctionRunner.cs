namespace Porch.Krm.Functions;

/// <summary>
/// A runner that can run its function on the caller's own objects: the items of the input are changed in place and
/// may be returned, changed, as items of the output. The renderer uses it for in-process functions so that a package is
/// not copied once per pipeline step; it records every change with a <see cref="YamlUndoScope"/> and puts the items
/// back as they were when the run fails.
/// </summary>
public interface IInPlaceFunctionRunner : IFunctionRunner
{
    /// <summary>Runs the function synchronously, on the calling thread, over the input's own items.</summary>
    /// <param name="input">The input: items (which the function may change) and functionConfig (which it must not).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The output ResourceList: items (input objects, changed or not, and new ones) and results.</returns>
    /// <exception cref="FunctionEvaluationException">The function failed; the exception carries its results and message. The input items may have been changed: the caller undoes that.</exception>
    ResourceList RunInPlace(ResourceList input, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets a value indicating whether the function may read the <c>config.kubernetes.io/id</c> annotations kpt gives
    /// the items of its input (true unless the runner knows that its function never reads, copies or writes them).
    /// When false, the renderer adds no ids and knows each output item that is an input item by reference; the function
    /// must then return the input objects it keeps as themselves, never as copies.
    /// </summary>
    bool ReadsItemIds => true;
}
