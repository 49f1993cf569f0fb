using Porch.Engine.Api;
using Porch.Engine.Repositories;

namespace Porch.Cache.Internal;

/// <summary>Label selectors over stored labels plus the computed <c>kpt.dev/latest-revision</c> label (spec section 2.7).</summary>
internal static class LabelMatching
{
    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    public static bool Matches(LabelSelector selector, IReadOnlyDictionary<string, string>? stored, bool isLatest)
    {
        if (!isLatest)
        {
            if (stored is not null && stored.ContainsKey(PorchApi.LatestRevisionLabel))
            {
                var without = new Dictionary<string, string>(stored.Count, StringComparer.Ordinal);
                foreach (var (k, v) in stored)
                {
                    if (k != PorchApi.LatestRevisionLabel)
                    {
                        without[k] = v;
                    }
                }

                return selector.Matches(without);
            }

            return selector.Matches(stored ?? Empty);
        }

        var labels = stored is null ? new Dictionary<string, string>(1, StringComparer.Ordinal) : new Dictionary<string, string>(stored, StringComparer.Ordinal);
        labels[PorchApi.LatestRevisionLabel] = PorchApi.LatestRevisionLabelValue;
        return selector.Matches(labels);
    }
}
