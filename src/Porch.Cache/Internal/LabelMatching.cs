using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Krm;

namespace Porch.Cache.Internal;

/// <summary>
/// Label selectors over stored labels plus the computed <c>kpt.dev/latest-revision</c> label (spec section 2.7),
/// through one reusable view per list call instead of a dictionary copy per revision.
/// </summary>
internal sealed class LabelMatching(LabelSelector selector) : IReadOnlyDictionary<string, string>
{
    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string> _stored = Empty;
    private bool _isLatest;

    public int Count => _stored.Count(e => e.Key != PorchApi.LatestRevisionLabel) + (_isLatest ? 1 : 0);

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<string> Values => this.Select(e => e.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>
    /// Tells whether <paramref name="selector"/> can only match revisions that have stored labels: it rejects both label
    /// sets a revision without stored labels can have (none, or only the computed latest label).
    /// </summary>
    public static bool NeedsStoredLabels(LabelSelector selector)
    {
        var probe = new LabelMatching(selector);
        return !probe.Matches(null, isLatest: false) && !probe.Matches(null, isLatest: true);
    }

    /// <summary>Tests <paramref name="stored"/> labels, with the latest label present exactly when <paramref name="isLatest"/>.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? stored, bool isLatest)
    {
        _stored = stored ?? Empty;
        _isLatest = isLatest;
        return selector.Matches(this);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (key == PorchApi.LatestRevisionLabel)
        {
            value = _isLatest ? PorchApi.LatestRevisionLabelValue : null;
            return _isLatest;
        }

        return _stored.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var entry in _stored)
        {
            if (entry.Key != PorchApi.LatestRevisionLabel)
            {
                yield return entry;
            }
        }

        if (_isLatest)
        {
            yield return new KeyValuePair<string, string>(PorchApi.LatestRevisionLabel, PorchApi.LatestRevisionLabelValue);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
