using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.Engine.Internal;

/// <summary>Porch's error texts, word for word (spec/porch-engine.md sections 3 and 4), as typed exceptions.</summary>
internal static class PorchErrors
{
    public const string PackageRevisionsResource = "packagerevisions.porch.kpt.dev";
    public const string PackageRevisionResourcesResource = "packagerevisionresources.porch.kpt.dev";

    public static PackageValidationException NamespaceRequired() =>
        new("namespace must be specified", PorchErrorCode.BadRequest);

    public static PackageValidationException RepositoryRequired() =>
        new("spec.repositoryName is required", PorchErrorCode.BadRequest);

    public static RepositoryNotFoundException RepositoryNotFound(string @namespace, string name) => new(@namespace, name);

    public static PackageRevisionNotFoundException NotFound(string resource, string name) =>
        new($"{resource} \"{name}\" not found");

    /// <summary>Kubernetes' 422 for a porch.kpt.dev object (<c>Kind.porch.kpt.dev "name" is invalid: ...</c>), causes carried as data.</summary>
    public static PackageValidationException Invalid(string kind, string name, IReadOnlyList<FieldError> fieldErrors) =>
        new(new QualifiedName(PorchApi.Group, kind, name), fieldErrors);

    public static PackageRevisionConflictException CreateInProgress(string ns, string repo, string package, string workspace) =>
        new($"another request is already in progress to create package revision with details namespace=\"{ns}\", repository=\"{repo}\", package=\"{package}\",workspace=\"{workspace}\"");

    public static PackageRevisionConflictException UpdateInProgress(string ns, string name) =>
        new($"another request is already in progress on package revision \"{ns}/{name}\"");

    public static PackageRevisionConflictException ResourcesUpdateInProgress(string ns, string name) =>
        new($"another request is already in progress on package revision resources \"{ns}/{name}\"");

    public static PackageRevisionConflictException Modified(string resource, string name) =>
        new($"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again") { StaleResourceVersion = true };

    /// <summary>An engine rule is broken; Porch answers 500 <c>Internal error occurred: message</c>.</summary>
    public static PackageValidationException Engine(string message, Exception? innerException = null) => new(message, PorchErrorCode.RuleViolation, innerException);

    public static PackageValidationException Forbidden(string message) => new(message, PorchErrorCode.Forbidden);

    public static InvalidLifecycleTransitionException Transition(string name, IReadOnlyList<FieldError> fieldErrors, PackageRevisionLifecycle? from, PackageRevisionLifecycle? to) =>
        new(new QualifiedName(PorchApi.Group, "PackageRevision", name), fieldErrors, from, to);

    /// <summary>
    /// Adds <paramref name="prefix"/> to a failure's message and keeps what callers act on: the code, the transient
    /// type (a <see cref="RepositoryUnavailableException"/> stays one) and the original as inner exception.
    /// </summary>
    public static PorchException Wrap(string prefix, PorchException ex) => ex switch
    {
        RepositoryUnavailableException => new RepositoryUnavailableException(prefix + ex.Message, ex),
        _ => new PackageValidationException(prefix + ex.Message, ex.ErrorCode, ex),
    };

    public static string Quote(string value) => GoString.Quote(value);
}
