using Porch.Krm;

namespace Porch.Krm.Rendering;

/// <summary>Converts between the function wire result (<see cref="KrmResult"/>) and the API result (<see cref="ResultItem"/>).</summary>
internal static class ResultConversion
{
    public static ResultItem ToApi(KrmResult result)
    {
        var item = new ResultItem { Message = result.Message, Severity = NullIfEmpty(result.Severity) };
        if (result.ResourceApiVersion is not null || result.ResourceKind is not null || result.ResourceName is not null || result.ResourceNamespace is not null)
        {
            item.ResourceRef = new ResourceIdentifier
            {
                ApiVersion = NullIfEmpty(result.ResourceApiVersion),
                Kind = NullIfEmpty(result.ResourceKind),
                Name = NullIfEmpty(result.ResourceName),
                Namespace = NullIfEmpty(result.ResourceNamespace),
            };
        }

        if (result.FieldPath is not null || result.FieldCurrentValue is not null || result.FieldProposedValue is not null)
        {
            item.Field = new ResultField { Path = result.FieldPath, CurrentValue = result.FieldCurrentValue, ProposedValue = result.FieldProposedValue };
        }

        if (result.FilePath is not null || result.FileIndex is not null)
        {
            item.File = new ResultFile { Path = NullIfEmpty(result.FilePath), Index = result.FileIndex ?? 0 };
        }

        foreach (var (k, v) in result.Tags)
        {
            item.Tags[k] = v;
        }

        return item;
    }

    public static KrmResult FromApi(ResultItem item)
    {
        var result = new KrmResult
        {
            Message = item.Message ?? "",
            Severity = item.Severity,
            ResourceApiVersion = item.ResourceRef is null ? null : item.ResourceRef.ApiVersion ?? "",
            ResourceKind = item.ResourceRef?.Kind,
            ResourceName = item.ResourceRef?.Name,
            ResourceNamespace = item.ResourceRef?.Namespace,
            FieldPath = item.Field?.Path,
            FieldCurrentValue = item.Field?.CurrentValue,
            FieldProposedValue = item.Field?.ProposedValue,
            FilePath = item.File?.Path,
            FileIndex = item.File is null ? null : item.File.Index,
        };
        foreach (var (k, v) in item.Tags)
        {
            result.Tags[k] = v;
        }

        return result;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
