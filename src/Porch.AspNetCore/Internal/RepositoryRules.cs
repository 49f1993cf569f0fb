using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// What apiserver and Porch check on a Repository before storing it, with their texts: the object-meta name rule every
/// custom resource gets (a DNS-1123 subdomain), the CRD's CEL rules on the name (repository_types.go), and Porch's
/// repository validating webhook (pkg/apiserver/webhooks.go, <c>RepositoryConflict</c>).
/// </summary>
internal static partial class RepositoryRules
{
    /// <summary>The name of Porch's repository validating webhook, as apiserver quotes it when the webhook denies.</summary>
    public const string WebhookName = "porchrepositorywebhook.nephio.org";

    /// <summary>apiserver's text in place of the CEL rules when an earlier error blocks them.</summary>
    private const string RulesNotChecked = "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    /// <summary>
    /// The name errors of a new Repository in apiserver's order: <c>metadata.name</c> as ValidateObjectMetaAccessor
    /// reports it (NameIsDNSSubdomain), then the CRD's two CEL rules at <c>&lt;root&gt;</c> with their messages
    /// ("metadata.name must conform to the RFC1123 DNS label standard", "metadata.name must be no more than 63
    /// characters"). A missing name is Required, which blocks the CEL rules.
    /// </summary>
    public static IEnumerable<FieldError> NameErrors(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            yield return FieldError.Required("metadata.name", "name or generateName is required");
            yield return FieldError.Invalid("<root>", null, RulesNotChecked);
            yield break;
        }

        foreach (var message in KubernetesNames.ValidateDns1123Subdomain(name))
        {
            yield return FieldError.Invalid("metadata.name", name, message);
        }

        if (!DnsLabel().IsMatch(name))
        {
            yield return FieldError.Invalid("<root>", "object", "metadata.name must conform to the RFC1123 DNS label standard");
        }

        if (name.Length > KubernetesNames.Dns1123LabelMaxLength)
        {
            yield return FieldError.Invalid("<root>", "object", "metadata.name must be no more than 63 characters");
        }
    }

    /// <summary>
    /// Porch's webhook check against every other Repository (any namespace): the denial as apiserver relays it (400,
    /// reason <c>RepositoryConflict</c>, <c>admission webhook "..." denied the request: Repository conflict with
    /// existing repository: &lt;ns&gt;/&lt;name&gt;</c>), or null.
    /// </summary>
    public static ApiStatusException? Conflict(Repository attempted, IEnumerable<Repository> existing)
    {
        foreach (var other in existing)
        {
            if (other.Metadata.Name == attempted.Metadata.Name && other.Metadata.Namespace == attempted.Metadata.Namespace)
            {
                continue;
            }

            if (IsConflict(other, attempted))
            {
                return new ApiStatusException(
                    400,
                    "RepositoryConflict",
                    $"admission webhook \"{WebhookName}\" denied the request: Repository conflict with existing repository: {other.Metadata.Namespace}/{other.Metadata.Name}");
            }
        }

        return null;
    }

    /// <summary>
    /// Porch's <c>isConflict</c>: the same normalised URL and branch (default main) and (1) the same directory in the
    /// same namespace, or (2) one at the root and the other not, or (3) one directory nested in the other (any
    /// namespace). Porch compares Git repositories only; two OCI Repositories of one registry in one namespace are
    /// refused here as well (Porch's webhook dereferences <c>spec.git</c> and cannot judge them).
    /// </summary>
    private static bool IsConflict(Repository existing, Repository attempted)
    {
        if (existing.Spec.Git is { } a && attempted.Spec.Git is { } b)
        {
            if (NormalizeUrl(a.Repo) != NormalizeUrl(b.Repo) || Branch(a) != Branch(b))
            {
                return false;
            }

            var existingDir = a.Directory?.Trim('/') ?? "";
            var attemptedDir = b.Directory?.Trim('/') ?? "";
            return (existingDir == attemptedDir && existing.Metadata.Namespace == attempted.Metadata.Namespace)
                || (existingDir.Length == 0) != (attemptedDir.Length == 0)
                || Nested(existingDir, attemptedDir);
        }

        return existing.Spec.Oci is { } x && attempted.Spec.Oci is { } y
            && existing.Spec.Git is null && attempted.Spec.Git is null
            && x.Registry == y.Registry && existing.Metadata.Namespace == attempted.Metadata.Namespace;
    }

    private static string Branch(GitRepository git) => string.IsNullOrEmpty(git.Branch) ? "main" : git.Branch;

    /// <summary>Porch's <c>normalizeURL</c>: "://" to "---", then ":" and "/" to "-".</summary>
    private static string NormalizeUrl(string? url) => (url ?? "").Replace("://", "---", StringComparison.Ordinal).Replace(':', '-').Replace('/', '-');

    /// <summary>
    /// Porch's <c>isNestedConflict</c> (filepath.Rel either way neither "." nor starting "../"): for two non-empty
    /// cleaned directories, one is the other followed by "/".
    /// </summary>
    private static bool Nested(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        var x = Clean(a);
        var y = Clean(b);
        return x != y && (y.StartsWith(x + "/", StringComparison.Ordinal) || x.StartsWith(y + "/", StringComparison.Ordinal));
    }

    private static string Clean(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex DnsLabel();
}
