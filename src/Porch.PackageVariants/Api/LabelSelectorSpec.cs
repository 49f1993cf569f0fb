namespace Porch.PackageVariants.Api;

/// <summary>A Kubernetes label selector (<c>metav1.LabelSelector</c>).</summary>
public class LabelSelectorSpec
{
    /// <summary>Labels that must all be present with these values.</summary>
    public Dictionary<string, string>? MatchLabels { get; set; }

    /// <summary>Set-based requirements, all of which must hold.</summary>
    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }

    /// <summary>Whether <paramref name="labels"/> satisfy this selector (an empty selector matches everything).</summary>
    /// <param name="labels">The object's labels.</param>
    /// <returns>True when every requirement holds.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in MatchLabels ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var holds = requirement.Operator switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new ArgumentException($"\"{requirement.Operator}\" is not a valid label selector operator", nameof(labels)),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
