using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>apply-replacements</c>: kustomize's replacement filter (api v0.20.1). Each replacement copies a
/// value (a field of exactly one source resource, or a literal <c>sourceValue</c>) into fields of the selected targets;
/// replacements run in order. Any error fails the function with one error result.
/// </summary>
internal sealed class ApplyReplacementsFunction : IKrmFunction
{
    private const string DefaultFieldPath = "metadata.name";

    public string Name => "apply-replacements";

    /// <inheritdoc/>
    public bool SortsOutput => true;

    public bool Run(KrmFunctionContext context)
    {
        var config = context.FunctionConfig;
        if (context.ConfigIsEmpty)
        {
            throw new KrmFunctionException("FunctionConfig is missing. Expect `ApplyReplacements`");
        }

        if (config!.ApiVersion != "fn.kpt.dev/v1alpha1" || config.Kind != "ApplyReplacements")
        {
            throw new KrmFunctionException($"received functionConfig of kind {config.Kind} and apiVersion {config.ApiVersion}, only functionConfig of kind ApplyReplacements and apiVersion fn.kpt.dev/v1alpha1 is supported");
        }

        foreach (var replacement in KubeObjects.Slice(config.Root, "replacements"))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            Apply(context.Items, replacement);
        }

        return true;
    }

    private static void Apply(List<KubeObject> items, YamlNode replacement)
    {
        var source = KubeObjects.Map(replacement, "source");
        var sourceValue = replacement.Get("sourceValue");
        var hasSourceValue = sourceValue is not null && !sourceValue.IsNull;
        var targets = KubeObjects.Slice(replacement, "targets").ToList();
        if ((source is null && !hasSourceValue) || targets.Count == 0)
        {
            throw new KrmFunctionException("replacements must specify a source and at least one target");
        }

        if (source is not null && hasSourceValue)
        {
            throw new KrmFunctionException("value and resource selectors are mutually exclusive");
        }

        var value = hasSourceValue ? YamlNode.Scalar(sourceValue!.Value, YamlScalarStyle.Plain) : SourceValue(items, source!);
        foreach (var target in targets)
        {
            ApplyTarget(items, value, target);
        }
    }

    private static YamlNode SourceValue(List<KubeObject> items, YamlNode source)
    {
        var selector = ResId.FromSelector(source);
        var fieldPath = KubeObjects.GetString(source, "fieldPath") is { Length: > 0 } fp ? fp : DefaultFieldPath;
        var description = selector + ":" + fieldPath;
        KubeObject? match = null;
        foreach (var item in items)
        {
            if (ResId.Of(item).Any(id => id.IsSelectedBy(selector)))
            {
                if (match is not null)
                {
                    throw new KrmFunctionException("multiple matches for selector " + description);
                }

                match = item;
            }
        }

        if (match is null)
        {
            throw new KrmFunctionException("nothing selected by " + description);
        }

        var found = FieldPath.Match(match.Root, FieldPath.Split(fieldPath), createLeaf: null);
        var node = found.Count > 0 ? found[0] : null;
        if (node is null || node.IsNull || (node.Kind != YamlNodeKind.Scalar && node.Children.Count == 0) || (node.Kind == YamlNodeKind.Scalar && node.Value.Length == 0))
        {
            throw new KrmFunctionException($"fieldPath `{fieldPath}` is missing for replacement source {selector}");
        }

        var options = KubeObjects.Map(source, "options");
        var delimiter = KubeObjects.GetString(options, "delimiter") ?? "";
        if (delimiter.Length == 0)
        {
            return node;
        }

        if (node.Kind != YamlNodeKind.Scalar)
        {
            throw new KrmFunctionException("delimiter option can only be used with scalar nodes");
        }

        var parts = node.Value.Split(delimiter);
        var index = int.TryParse(KubeObjects.GetString(options, "index"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
        if (index < 0 || index >= parts.Length)
        {
            throw new KrmFunctionException($"options.index {YamlScalars.Format(index)} is out of bounds for value {node.Value}");
        }

        var refined = node.Clone();
        refined.Value = parts[index];
        return refined;
    }

    private static void ApplyTarget(List<KubeObject> items, YamlNode value, YamlNode target)
    {
        var select = KubeObjects.Map(target, "select") ?? throw new KrmFunctionException("target must specify resources to select");
        var selectId = ResId.FromSelector(select);
        var rejects = KubeObjects.Slice(target, "reject").Where(r => r.Kind == YamlNodeKind.Mapping).ToList();
        var fieldPaths = KubeObjects.Slice(target, "fieldPaths").Where(p => p.Kind == YamlNodeKind.Scalar).Select(p => p.Value).ToList();
        if (fieldPaths.Count == 0)
        {
            fieldPaths.Add(DefaultFieldPath);
        }

        var options = KubeObjects.Map(target, "options");
        foreach (var item in items)
        {
            if (!MatchesAnnotationsAndLabels(item, select) || rejects.Any(r => HasSelectorStrings(r) && MatchesAnnotationsAndLabels(item, r)))
            {
                continue;
            }

            var ids = ResId.Of(item);
            if (ids.Any(id => id.IsSelectedBy(selectId) && !rejects.Any(r => ResId.FromSelector(r) is { IsEmpty: false } rejectId && id.IsSelectedBy(rejectId))))
            {
                CopyValue(item, value, fieldPaths, options);
            }
        }
    }

    private static bool HasSelectorStrings(YamlNode selector) =>
        !string.IsNullOrEmpty(KubeObjects.GetString(selector, "annotationSelector")) || !string.IsNullOrEmpty(KubeObjects.GetString(selector, "labelSelector"));

    private static bool MatchesAnnotationsAndLabels(KubeObject item, YamlNode selector)
    {
        if (KubeObjects.GetString(selector, "annotationSelector") is { Length: > 0 } annotations && !LabelSelector.Parse(annotations).Matches(item.Annotations))
        {
            return false;
        }

        return KubeObjects.GetString(selector, "labelSelector") is not { Length: > 0 } labels || LabelSelector.Parse(labels).Matches(item.Labels);
    }

    private static void CopyValue(KubeObject item, YamlNode value, List<string> fieldPaths, YamlNode? options)
    {
        var create = string.Equals(KubeObjects.GetString(options, "create"), "true", StringComparison.OrdinalIgnoreCase);
        foreach (var fieldPath in fieldPaths)
        {
            var fields = FieldPath.Match(item.Root, FieldPath.Split(fieldPath), create ? value.Kind : null);
            if (fields.Count == 0)
            {
                throw new KrmFunctionException(create
                    ? $"unable to find or create field {GoString.Quote(fieldPath)} in replacement target"
                    : $"unable to find field {GoString.Quote(fieldPath)} in replacement target");
            }

            foreach (var field in fields)
            {
                SetField(item.Root, field, value, options);
            }
        }
    }

    private static void SetField(YamlNode root, YamlNode field, YamlNode value, YamlNode? options)
    {
        var copy = value.Clone();
        var delimiter = KubeObjects.GetString(options, "delimiter") ?? "";
        if (delimiter.Length > 0)
        {
            if (field.Kind != YamlNodeKind.Scalar)
            {
                throw new KrmFunctionException("delimiter option can only be used with scalar nodes");
            }

            var parts = field.Value.Split(delimiter).ToList();
            var index = int.TryParse(KubeObjects.GetString(options, "index"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
            if (index < 0)
            {
                parts.Insert(0, copy.Value);
            }
            else if (index >= parts.Count)
            {
                parts.Add(copy.Value);
            }
            else
            {
                parts[index] = copy.Value;
            }

            copy.Value = string.Join(delimiter, parts);
        }

        if (field.Kind == YamlNodeKind.Scalar && copy.Kind == YamlNodeKind.Scalar)
        {
            YamlScalars.SetStringValue(field, copy.Value);
            return;
        }

        Replace(root, field, copy);
    }

    /// <summary>Puts <paramref name="replacement"/> where <paramref name="old"/> is (kyaml's <c>SetYNode</c>).</summary>
    private static void Replace(YamlNode parent, YamlNode old, YamlNode replacement)
    {
        for (var i = 0; i < parent.Children.Count; i++)
        {
            var child = parent.Children[i];
            if (ReferenceEquals(child, old))
            {
                replacement.HeadComment ??= old.HeadComment;
                replacement.LineComment ??= old.LineComment;
                parent.Children[i] = replacement;
                return;
            }

            if (child.Kind is YamlNodeKind.Mapping or YamlNodeKind.Sequence)
            {
                Replace(child, old, replacement);
            }
        }
    }
}
