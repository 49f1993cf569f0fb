using Porch.Krm;

namespace Porch.Functions.Grpc.Internal;

/// <summary>Converts function results between the wire (<see cref="KrmResult"/>) and API (<see cref="ResultItem"/>) shapes, and prints them as the function SDK does.</summary>
internal static class ResultText
{
    /// <summary>
    /// The results as Porch's wrapper-server puts them into its error: each as the SDK's <c>Result.String()</c>
    /// (<c>[severity] apiVersion/kind/namespace/name field.path: message</c>, empty parts left out, severity
    /// <c>info</c> when empty), joined by blank lines.
    /// </summary>
    public static string Format(IEnumerable<KrmResult> results) => string.Join("\n\n", results.Select(Format));

    public static string Format(KrmResult r)
    {
        var id = new[] { r.ResourceApiVersion, r.ResourceKind, r.ResourceNamespace, r.ResourceName }.Where(s => !string.IsNullOrEmpty(s)).ToArray();
        var text = "[" + (string.IsNullOrEmpty(r.Severity) ? "info" : r.Severity) + "]";
        if (id.Length > 0)
        {
            text += " " + string.Join("/", id);
        }

        if (r.FieldPath is not null)
        {
            text += " " + r.FieldPath;
        }

        return text + ": " + r.Message;
    }

    public static ResultItem ToApi(KrmResult r)
    {
        var item = new ResultItem
        {
            Message = r.Message,
            Severity = Empty(r.Severity),
            ResourceRef = r.ResourceApiVersion is null && r.ResourceKind is null && r.ResourceName is null && r.ResourceNamespace is null
                ? null
                : new ResourceIdentifier { ApiVersion = Empty(r.ResourceApiVersion), Kind = Empty(r.ResourceKind), Name = Empty(r.ResourceName), Namespace = Empty(r.ResourceNamespace) },
            Field = r.FieldPath is null && r.FieldCurrentValue is null && r.FieldProposedValue is null
                ? null
                : new ResultField { Path = r.FieldPath, CurrentValue = r.FieldCurrentValue, ProposedValue = r.FieldProposedValue },
            File = r.FilePath is null && r.FileIndex is null ? null : new ResultFile { Path = Empty(r.FilePath), Index = r.FileIndex ?? 0 },
        };
        foreach (var (key, value) in r.Tags)
        {
            item.Tags[key] = value;
        }

        return item;
    }

    public static KrmResult FromApi(ResultItem r)
    {
        var result = new KrmResult
        {
            Message = r.Message ?? "",
            Severity = r.Severity,
            ResourceApiVersion = r.ResourceRef?.ApiVersion,
            ResourceKind = r.ResourceRef?.Kind,
            ResourceName = r.ResourceRef?.Name,
            ResourceNamespace = r.ResourceRef?.Namespace,
            FieldPath = r.Field?.Path,
            FieldCurrentValue = r.Field?.CurrentValue,
            FieldProposedValue = r.Field?.ProposedValue,
            FilePath = r.File?.Path,
            FileIndex = r.File?.Index,
        };
        foreach (var (key, value) in r.Tags)
        {
            result.Tags[key] = value;
        }

        return result;
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
