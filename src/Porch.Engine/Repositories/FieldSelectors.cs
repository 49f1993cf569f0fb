using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.Engine.Repositories;

/// <summary>
/// Turns the <c>fieldSelector</c> and <c>labelSelector</c> of a list or watch request into filters, with the fields
/// and error texts of Porch (spec/porch-engine.md section 2.7). Errors are <see cref="PorchErrorCode.BadRequest"/>.
/// </summary>
public static class FieldSelectors
{
    /// <summary>Builds a package revision filter.</summary>
    /// <param name="requestNamespace">The namespace of the request path, or null for all namespaces.</param>
    /// <param name="fieldSelector">The field selector, or null.</param>
    /// <param name="labelSelector">The label selector, or null.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="PackageValidationException">A selector is invalid.</exception>
    public static PackageRevisionFilter ParsePackageRevisionFilter(string? requestNamespace, string? fieldSelector, string? labelSelector)
    {
        string? ns = requestNamespace, name = null, repository = null, package = null, workspace = null;
        int? revision = null;
        List<PackageRevisionLifecycle>? lifecycles = null;
        Dictionary<string, string>? kptfileLabels = null;
        foreach (var (field, value) in Requirements(fieldSelector))
        {
            switch (field)
            {
                case "metadata.namespace":
                    ns = MergeNamespace(ns, value);
                    break;
                case "metadata.name":
                    name = value;
                    break;
                case "spec.repository":
                    repository = value;
                    break;
                case "spec.packageName":
                    package = value.Trim('/');
                    break;
                case "spec.workspaceName":
                    workspace = value;
                    break;
                case "spec.revision":
                    var parsed = PackageRevisionName.ParseRevision(value);
                    revision = parsed == 0 ? null : parsed;
                    break;
                case "spec.lifecycle":
                    if (!Enum.TryParse<PackageRevisionLifecycle>(value, ignoreCase: false, out var lifecycle) || !Enum.IsDefined(lifecycle) || char.IsDigit(value[0]))
                    {
                        throw BadRequest($"unsupported fieldSelector value {GoString.Quote(value)} for field {GoString.Quote(field)}");
                    }

                    (lifecycles ??= []).Add(lifecycle);
                    break;
                default:
                    if (field.StartsWith("spec.packageMetadata.labels[", StringComparison.Ordinal) && field.EndsWith(']'))
                    {
                        var key = field["spec.packageMetadata.labels[".Length..^1];
                        if (key.Length == 0)
                        {
                            throw BadRequest($"label key cannot be empty in field selector {GoString.Quote(field)}");
                        }

                        (kptfileLabels ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = value;
                        break;
                    }

                    throw BadRequest($"unknown fieldSelector field {GoString.Quote(field)}");
            }
        }

        return new PackageRevisionFilter
        {
            Namespace = ns,
            Name = name,
            Repository = repository,
            PackageName = package,
            WorkspaceName = workspace,
            Revision = revision,
            Lifecycles = lifecycles,
            KptfileLabels = kptfileLabels,
            Labels = string.IsNullOrWhiteSpace(labelSelector) ? null : ParseLabels(labelSelector),
        };
    }

    /// <summary>Builds a package filter (fields <c>metadata.name</c>, <c>metadata.namespace</c>, <c>spec.packageName</c>, <c>spec.repository</c>).</summary>
    /// <param name="requestNamespace">The namespace of the request path, or null.</param>
    /// <param name="fieldSelector">The field selector, or null.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="PackageValidationException">The selector is invalid.</exception>
    public static PackageFilter ParsePackageFilter(string? requestNamespace, string? fieldSelector)
    {
        foreach (var (field, _) in Requirements(fieldSelector))
        {
            if (field is not ("metadata.namespace" or "metadata.name" or "spec.repository" or "spec.packageName"))
            {
                throw BadRequest($"unknown fieldSelector field {GoString.Quote(field)}");
            }
        }

        var f = ParsePackageRevisionFilter(requestNamespace, fieldSelector, labelSelector: null);
        return new PackageFilter { Namespace = f.Namespace, Name = f.Name, Repository = f.Repository, PackageName = f.PackageName };
    }

    private static LabelSelector ParseLabels(string text) =>
        LabelSelector.TryParse(text, out var selector, out var error) ? selector : throw BadRequest(error);

    private static IEnumerable<(string Field, string Value)> Requirements(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        foreach (var raw in selector.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            string op;
            int at;
            if ((at = term.IndexOf("!=", StringComparison.Ordinal)) >= 0)
            {
                op = "!=";
            }
            else if ((at = term.IndexOf("==", StringComparison.Ordinal)) >= 0)
            {
                op = "==";
            }
            else if ((at = term.IndexOf('=', StringComparison.Ordinal)) >= 0)
            {
                op = "=";
            }
            else
            {
                throw BadRequest($"invalid selector: '{selector}'; can't understand '{term}'");
            }

            var field = term[..at].Trim();
            var value = term[(at + op.Length)..].Trim();
            if (op == "!=")
            {
                throw BadRequest($"unsupported fieldSelector operator {GoString.Quote(op)} for field {GoString.Quote(field)}");
            }

            if (value.Length == 0)
            {
                throw BadRequest($"unsupported fieldSelector value {GoString.Quote(value)} for field {GoString.Quote(field)} with operator {GoString.Quote(op)}");
            }

            yield return (field, value);
        }
    }

    private static string MergeNamespace(string? current, string value) =>
        current is null || current == value ? value : throw BadRequest($"conflicting namespaces specified: {GoString.Quote(current)} and {GoString.Quote(value)}");

    private static PackageValidationException BadRequest(string message) => new(message, PorchErrorCode.BadRequest);
}
