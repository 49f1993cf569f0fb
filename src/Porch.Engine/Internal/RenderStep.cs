using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Krm;
using Porch.Krm.Functions;
using Porch.Krm.Rendering;

namespace Porch.Engine.Internal;

/// <summary>
/// Rendering as the engine's writes use it (spec section 4.4): the configured pipeline in its own span, the file
/// paths a draft can hold, and Porch's errors for a failed render, pushed or not.
/// </summary>
internal sealed class RenderStep(IPackageRenderer renderer, ILogger<RenderStep>? logger = null)
{
    private const string NotPushedText = "error rendering package in kpt function pipeline. Package NOT pushed to remote. Fix locally (until 'kpt fn render' succeeds) and retry. Details: ";

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Renders <paramref name="files"/>. The renderer logs a failure itself (once); the scope names the package
    /// revision in that entry.
    /// </summary>
    public async Task<PackageRenderResult> RenderAsync(string ns, string name, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        using var step = PorchEngineDiagnostics.Source.StartActivity("Render");
        using var scope = _logger.RenderScope(ns, name);
        var render = await renderer.RenderAsync(files, cancellationToken).ConfigureAwait(false);
        if (!render.Succeeded)
        {
            step?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, render.Error);
            step?.SetTag("error.type", "RenderFailed");
        }

        // What a draft is given must form one directory tree a Git commit can hold, whatever the functions wrote.
        PackagePath.ValidateAll(render.Files.Keys);
        return render;
    }

    /// <summary>True when the revision asks to be pushed even when its render fails (Porch's annotation).</summary>
    public static bool PushOnFailure(ObjectMeta metadata) =>
        metadata.Annotations.TryGetValue(PorchApi.PushOnRenderFailureAnnotation, out var v) && v == PorchApi.PushOnRenderFailureAnnotationValue;

    /// <summary>Porch's error for a failed render of a create or resources update that was not pushed.</summary>
    public static FunctionEvaluationException NotPushed(PackageRenderResult render) =>
        new(NotPushedText + render.Error, render.Results);

    /// <summary>Porch's error for a failed render that was pushed anyway (<see cref="PushOnFailure"/>).</summary>
    public static FunctionEvaluationException PushedAnyway(PackageRenderResult render) =>
        new("error rendering package in kpt function pipeline. Package pushed to remote despite render failure. Details: " + render.Error, render.Results);
}
