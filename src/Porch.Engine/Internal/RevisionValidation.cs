using System.Text.Json;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.Engine.Internal;

/// <summary>
/// The API strategies' field checks of create, update and approval (spec sections 3.2 to 3.4), and the optimistic
/// concurrency check; each aggregates its field errors into one error, as Kubernetes does.
/// </summary>
internal static class RevisionValidation
{
    /// <summary>The API strategy's field checks, aggregated into one 422 as Kubernetes does.</summary>
    public static void ValidateCreateFields(PackageRevision pr, string repositoryName, string packageName, string workspace)
    {
        var errors = new List<FieldError>();
        if (pr.Metadata.Labels.ContainsKey(PorchApi.LatestRevisionLabel))
        {
            errors.Add(FieldError.Forbidden("metadata.labels", "label is managed by porch and cannot be set by users"));
        }

        if (PackageRevisionName.ValidateDirectoryName(packageName, mandatory: true) is { } packageError)
        {
            errors.Add(FieldError.Invalid("spec.packageName", packageName, packageError));
        }

        if (KubernetesNames.ValidateDns1123Label(workspace) is { Count: > 0 } workspaceErrors)
        {
            errors.Add(FieldError.Invalid("spec.workspaceName", workspace, string.Join(",", workspaceErrors)));
        }

        if (errors.Count > 0)
        {
            throw PorchErrors.Invalid("PackageRevision", PackageRevisionName.Compose(repositoryName, packageName, workspace), errors);
        }
    }

    public static (string Namespace, string Name) RequireNamespaceAndName(ObjectMeta metadata)
    {
        if (string.IsNullOrEmpty(metadata.Namespace))
        {
            throw PorchErrors.NamespaceRequired();
        }

        if (string.IsNullOrEmpty(metadata.Name))
        {
            throw new PackageValidationException("resource name may not be empty", PorchErrorCode.BadRequest);
        }

        return (metadata.Namespace, metadata.Name);
    }

    public static void CheckResourceVersion(ObjectMeta requested, ObjectMeta current, string resource)
    {
        if (string.IsNullOrEmpty(requested.ResourceVersion))
        {
            throw PorchErrors.Engine("resourceVersion must be specified for an update");
        }

        if (requested.ResourceVersion != current.ResourceVersion)
        {
            throw PorchErrors.Modified(resource, current.Name ?? "");
        }
    }

    /// <summary>The main resource's update strategy (spec section 3.3).</summary>
    public static void ValidateMainUpdate(PackageRevision current, PackageRevision requested)
    {
        var errors = new List<FieldError>();
        CheckLatestLabelUnchanged(current, requested, errors);
        var oldLifecycle = current.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        var newLifecycle = requested.Spec.Lifecycle;
        if (oldLifecycle is PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed)
        {
            if (newLifecycle is not (null or PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Proposed))
            {
                errors.Add(FieldError.Invalid("spec.lifecycle", oldLifecycle.ToString(), "value can be only updated to Draft,Proposed"));
            }
        }
        else if (newLifecycle is not (PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed) || !SpecEqualIgnoringLifecycle(current.Spec, requested.Spec))
        {
            errors.Add(FieldError.Invalid("spec", (newLifecycle ?? oldLifecycle).ToString(), "spec can only update package with lifecycle value one of Draft,Proposed"));
        }

        if (errors.Count > 0)
        {
            throw PorchErrors.Invalid("PackageRevision", current.Metadata.Name ?? "", errors);
        }
    }

    /// <summary>The approval subresource's strategy (spec section 3.4).</summary>
    public static void ValidateApproval(PackageRevision current, PackageRevision requested)
    {
        var errors = new List<FieldError>();
        CheckLatestLabelUnchanged(current, requested, errors);
        var oldLifecycle = current.Spec.Lifecycle ?? PackageRevisionLifecycle.Draft;
        var newLifecycle = requested.Spec.Lifecycle;
        var newText = newLifecycle?.ToString() ?? "";
        string? error = oldLifecycle switch
        {
            PackageRevisionLifecycle.Published when newLifecycle != PackageRevisionLifecycle.DeletionProposed =>
                "package with Published lifecycle value can only be updated to 'ProposeDeletion'",
            PackageRevisionLifecycle.Published => null,
            PackageRevisionLifecycle.DeletionProposed when newLifecycle != PackageRevisionLifecycle.Published =>
                "package with DeletionProposed lifecycle value can only be updated to 'Published'",
            PackageRevisionLifecycle.DeletionProposed => null,
            PackageRevisionLifecycle.Proposed => newLifecycle switch
            {
                PackageRevisionLifecycle.Draft or PackageRevisionLifecycle.Published => null,
                PackageRevisionLifecycle.DeletionProposed => "cannot update lifecycle DeletionProposed; only Published packages require approval for deletion",
                _ => "value for approval can be only one of Draft,Published",
            },
            _ => $"cannot approve package with {oldLifecycle} lifecycle value; only Proposed packages can be approved",
        };
        if (error is not null)
        {
            errors.Add(FieldError.Invalid("spec.lifecycle", newText, error));
        }

        if (errors.Count > 0)
        {
            throw PorchErrors.Transition(current.Metadata.Name ?? "", errors, oldLifecycle, newLifecycle);
        }
    }

    private static void CheckLatestLabelUnchanged(PackageRevision current, PackageRevision requested, List<FieldError> errors)
    {
        current.Metadata.Labels.TryGetValue(PorchApi.LatestRevisionLabel, out var before);
        requested.Metadata.Labels.TryGetValue(PorchApi.LatestRevisionLabel, out var after);
        if (before != after)
        {
            errors.Add(FieldError.Forbidden("metadata.labels", "label is managed by porch and cannot be modified by users"));
        }
    }

    private static bool SpecEqualIgnoringLifecycle(PackageRevisionSpec a, PackageRevisionSpec b)
    {
        static string Json(PackageRevisionSpec s, PackageMetadata? metadata) => JsonSerializer.Serialize(
            new PackageRevisionSpec
            {
                PackageName = s.PackageName,
                Repository = s.Repository,
                WorkspaceName = s.WorkspaceName,
                Revision = s.Revision,
                Parent = s.Parent,
                Tasks = s.Tasks,
                ReadinessGates = s.ReadinessGates,
                PackageMetadata = metadata,
            },
            PorchJsonContext.Default.PackageRevisionSpec);

        // PrepareForUpdate: a request without packageMetadata keeps the stored one.
        return Json(a, a.PackageMetadata) == Json(b, b.PackageMetadata ?? a.PackageMetadata);
    }
}
