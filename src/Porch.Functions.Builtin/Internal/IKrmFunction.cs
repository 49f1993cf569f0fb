namespace Porch.Functions.Builtin.Internal;

/// <summary>One catalog function, run in process on copies of the function's input.</summary>
internal interface IKrmFunction
{
    /// <summary>Gets the catalog name, the image name without registry and tag (e.g. <c>set-namespace</c>).</summary>
    string Name { get; }

    /// <summary>Runs the function.</summary>
    /// <returns>False when the function fails (kpt then reports <c>error: function failure</c>).</returns>
    /// <exception cref="KrmFunctionException">The function stops with an error message.</exception>
    bool Run(KrmFunctionContext context);

    /// <summary>
    /// Gets a value indicating whether the catalog builds the function on the KRM functions SDK (<c>fn.AsMain</c>), whose
    /// <c>ResourceList.ToYAML</c> sorts the output items by "apiVersion kind namespace name"; functions on kyaml's
    /// framework keep their input order.
    /// </summary>
    bool SortsOutput => false;

    /// <summary>
    /// Gets a value indicating whether the function may read, copy or write the <c>config.kubernetes.io/id</c>
    /// annotations kpt gives its input items (see <see cref="Porch.Krm.Functions.IInPlaceFunctionRunner.ReadsItemIds"/>):
    /// true unless the function only ever reads and writes fields it names itself, none of them those ids.
    /// </summary>
    bool ReadsItemIds => true;
}
