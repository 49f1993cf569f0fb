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
            if (ResId.AnySelected(item, selector, rejects: null))
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

        var found = FieldPath.Parse(fieldPath).Match(match.Root, createLeaf: null);
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

        var edit = new TargetEdit(KubeObjects.Map(target, "options"), fieldPaths);
        var rejectIds = rejects.Select(r => ResId.FromSelector(r)).Where(id => !id.IsEmpty).ToList();
        var rejectSelectors = rejects.Where(HasSelectorStrings).ToList();
        foreach (var item in items)
        {
            if (!MatchesAnnotationsAndLabels(item, select) || AnyMatches(item, rejectSelectors))
            {
                continue;
            }

            if (ResId.AnySelected(item, selectId, rejectIds))
            {
                CopyValue(item, value, edit);
            }
        }
    }

    private static bool AnyMatches(KubeObject item, List<YamlNode> selectors)
    {
        foreach (var selector in selectors)
        {
            if (MatchesAnnotationsAndLabels(item, selector))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A target's field paths (each parsed once) and options (read once), applied to every selected resource.</summary>
    private sealed class TargetEdit(YamlNode? options, List<string> fieldPaths)
    {
        public List<(string Text, FieldPath Path)> FieldPaths { get; } = fieldPaths.Select(p => (p, FieldPath.Parse(p))).ToList();

        public bool Create { get; } = string.Equals(KubeObjects.GetString(options, "create"), "true", StringComparison.OrdinalIgnoreCase);

        public string Delimiter { get; } = KubeObjects.GetString(options, "delimiter") ?? "";

        public string? Index { get; } = KubeObjects.GetString(options, "index");
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

    private static void CopyValue(KubeObject item, YamlNode value, TargetEdit edit)
    {
        var create = edit.Create;
        foreach (var (fieldPath, path) in edit.FieldPaths)
        {
            var fields = path.Match(item.Root, create ? value.Kind : null);
            if (fields.Count == 0)
            {
                throw new KrmFunctionException(create
                    ? $"unable to find or create field {GoString.Quote(fieldPath)} in replacement target"
                    : $"unable to find field {GoString.Quote(fieldPath)} in replacement target");
            }

            foreach (var field in fields)
            {
                SetField(item.Root, field, value, edit);
            }
        }
    }

    private static void SetField(YamlNode root, YamlNode field, YamlNode value, TargetEdit edit)
    {
        var text = value.Value;
        var delimiter = edit.Delimiter;
        if (delimiter.Length > 0)
        {
            if (field.Kind != YamlNodeKind.Scalar)
            {
                throw new KrmFunctionException("delimiter option can only be used with scalar nodes");
            }

            var parts = field.Value.Split(delimiter).ToList();
            var index = int.TryParse(edit.Index, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
            if (index < 0)
            {
                parts.Insert(0, text);
            }
            else if (index >= parts.Count)
            {
                parts.Add(text);
            }
            else
            {
                parts[index] = text;
            }

            text = string.Join(delimiter, parts);
        }

        // A scalar into a scalar changes the field's text; anything else puts a copy of the value in the field's place.
        if (field.Kind == YamlNodeKind.Scalar && value.Kind == YamlNodeKind.Scalar)
        {
            YamlScalars.SetStringValue(field, text);
            return;
        }

        var copy = value.Clone();
        if (delimiter.Length > 0)
        {
            copy.Value = text;
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
