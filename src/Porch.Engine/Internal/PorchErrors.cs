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

    public static PackageRevisionNotFoundException RepositoryNotFound(string name) =>
        new($"repositories.config.porch.kpt.dev \"{name}\" not found");

    public static PackageRevisionNotFoundException NotFound(string resource, string name) =>
        new($"{resource} \"{name}\" not found");

    public static PackageValidationException Invalid(string kind, string name, IReadOnlyList<string> fieldErrors)
    {
        var detail = fieldErrors.Count == 1 ? fieldErrors[0] : "[" + string.Join(", ", fieldErrors) + "]";
        return new PackageValidationException($"{kind}.porch.kpt.dev \"{name}\" is invalid: {detail}", PorchErrorCode.Invalid);
    }

    public static PackageValidationException Forbidden(string kind, string name, string fieldPath, string message) =>
        new($"{kind}.porch.kpt.dev \"{name}\" is forbidden: {fieldPath}: Forbidden: {message}", PorchErrorCode.Forbidden);

    public static PackageRevisionConflictException CreateInProgress(string ns, string repo, string package, string workspace) =>
        new($"another request is already in progress to create package revision with details namespace=\"{ns}\", repository=\"{repo}\", package=\"{package}\",workspace=\"{workspace}\"");

    public static PackageRevisionConflictException UpdateInProgress(string ns, string name) =>
        new($"another request is already in progress on package revision \"{ns}/{name}\"");

    public static PackageRevisionConflictException ResourcesUpdateInProgress(string ns, string name) =>
        new($"another request is already in progress on package revision resources \"{ns}/{name}\"");

    public static PackageRevisionConflictException Modified(string resource, string name) =>
        new($"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    public static PackageValidationException Engine(string message) => new(message, PorchErrorCode.Validation);

    public static PackageValidationException Forbidden(string message) => new(message, PorchErrorCode.Forbidden);

    public static InvalidLifecycleTransitionException Transition(string message, PackageRevisionLifecycle? from, PackageRevisionLifecycle? to) =>
        new(message, from, to);

    public static string Quote(string value) => GoString.Quote(value);
}
