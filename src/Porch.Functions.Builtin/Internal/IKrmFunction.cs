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
}
