namespace Porch.AspNetCore;

/// <summary>
/// Limits of the API mapped by <c>MapPorchApi()</c>. Set them with
/// <c>services.Configure&lt;PorchApiOptions&gt;(o =&gt; o.MaxRequestBodySize = ...)</c>; unset, the defaults apply.
/// </summary>
public sealed class PorchApiOptions
{
    /// <summary>The default request body limit: 3 MiB, as the Kubernetes API server's.</summary>
    public const long DefaultMaxRequestBodySize = 3 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest request body accepted, in bytes. A larger body is refused with 413
    /// <c>RequestEntityTooLarge</c> (<c>Request entity too large: limit is N</c>) before it is parsed.
    /// Default <see cref="DefaultMaxRequestBodySize"/>.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>
    /// Gets or sets the deepest nesting of JSON accepted in a request body or produced by a patch. Deeper JSON is
    /// refused with 400 <c>BadRequest</c>. Default 64 (System.Text.Json's default).
    /// </summary>
    public int MaxJsonDepth { get; set; } = 64;
}
