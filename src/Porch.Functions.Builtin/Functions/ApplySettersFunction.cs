using System.Text.RegularExpressions;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>apply-setters</c>: ConfigMap <c>data</c> gives setter values; scalars whose line comment is
/// <c># kpt-set: &lt;pattern&gt;</c> get the pattern with <c>${name}</c> resolved, and sequences tagged with a single setter
/// get the setter's value parsed as a YAML list. One info result per field set.
/// </summary>
internal sealed partial class ApplySettersFunction : IKrmFunction
{
    private const string SetterComment = "# kpt-set: ";

    public string Name => "apply-setters";

    public bool Run(KrmFunctionContext context)
    {
        try
        {
            var setters = KubeObjects.StringMap(KubeObjects.Map(context.FunctionConfig?.Root, "data"));
            if (setters.Count == 0)
            {
                throw new KrmFunctionException("input setters list cannot be empty");
            }

            var run = new SetterRun(setters);
            foreach (var item in context.Items)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                run.FilePath = item.PathAnnotation ?? "";
                run.Visit(item.Root, "");
            }

            if (run.Results.Count == 0)
            {
                context.Add("no matches for input setter(s)", "warning");
            }

            foreach (var (file, field, value) in run.Results)
            {
                var result = context.Add($"set field value to {GoString.Quote(value)}", "info");
                result.FieldPath = field;
                result.FilePath = file;
            }

            return true;
        }
        catch (KrmFunctionException ex)
        {
            throw new KrmFunctionException("failed to apply setters: " + ex.Message);
        }
    }

    private sealed class SetterRun(List<KeyValuePair<string, string>> setters)
    {
        public string FilePath { get; set; } = "";

        public List<(string File, string Field, string Value)> Results { get; } = new();

        public void Visit(YamlNode node, string path)
        {
            switch (node.Kind)
            {
                case YamlNodeKind.Mapping:
                    for (var i = 0; i + 1 < node.Children.Count; i += 2)
                    {
                        var key = node.Children[i];
                        var value = node.Children[i + 1];
                        var childPath = path + "." + key.Value;
                        if (value.Kind == YamlNodeKind.Sequence)
                        {
                            VisitSequenceSetter(key, value, childPath.TrimStart('.'));
                        }

                        Visit(value, childPath);
                    }

                    break;
                case YamlNodeKind.Sequence:
                    for (var i = 0; i < node.Children.Count; i++)
                    {
                        Visit(node.Children[i], path + "[" + YamlScalars.Format(i) + "]");
                    }

                    break;
                case YamlNodeKind.Scalar:
                    VisitScalar(node, path.TrimStart('.'));
                    break;
            }
        }

        private void VisitSequenceSetter(YamlNode key, YamlNode value, string fieldPath)
        {
            var comment = value.IsFlow && !string.IsNullOrEmpty(value.LineComment) ? value.LineComment : key.LineComment;
            var pattern = Pattern(comment);
            if (pattern.Length == 0 || !ShouldSet(pattern))
            {
                return;
            }

            var names = SetterReference().Matches(pattern);
            if (names.Count != 1 || !pattern.StartsWith("${", StringComparison.Ordinal) || !pattern.EndsWith('}'))
            {
                throw new KrmFunctionException($"invalid setter pattern for array node: {GoString.Quote(pattern)}");
            }

            var setterName = pattern[2..^1].Trim();
            var sv = setters.FirstOrDefault(s => s.Key == setterName).Value ?? "";
            if (sv.Length == 0)
            {
                value.Children.Clear();
                value.IsFlow = true;
                value.LineComment = comment;
                key.LineComment = null;
            }
            else
            {
                YamlDocument parsed;
                try
                {
                    parsed = KrmYaml.ReadDocument(sv);
                }
                catch (KrmYamlException)
                {
                    throw new KrmFunctionException($"input to array setter must be an array of values, but found {GoString.Quote(sv)}");
                }

                if (parsed.Root.Kind != YamlNodeKind.Sequence)
                {
                    throw new KrmFunctionException($"input to array setter must be an array of values, but found {GoString.Quote(sv)}");
                }

                value.Children.Clear();
                foreach (var element in parsed.Root.Children)
                {
                    value.Children.Add(element);
                }

                value.IsFlow = false;
                key.LineComment = comment;
                if (value.LineComment == comment)
                {
                    value.LineComment = null;
                }
            }

            Results.Add((FilePath, fieldPath, sv));
        }

        private void VisitScalar(YamlNode node, string fieldPath)
        {
            var pattern = Pattern(node.LineComment);
            if (pattern.Length == 0 || !ShouldSet(pattern))
            {
                return;
            }

            var current = CurrentValues(pattern, node.Value);
            var resolved = pattern;
            foreach (var (name, value) in setters)
            {
                resolved = resolved.Replace("${" + name + "}", value, StringComparison.Ordinal);
            }

            foreach (var (name, value) in current)
            {
                resolved = resolved.Replace("${" + name + "}", value, StringComparison.Ordinal);
            }

            var unresolved = SetterReference().Matches(resolved).Select(m => m.Value).ToList();
            if (unresolved.Count > 0)
            {
                throw new KrmFunctionException($"values for setters [{string.Join(' ', unresolved)}] must be provided");
            }

            node.Value = resolved;
            node.Tag = null;
            if (resolved.Length == 0)
            {
                node.Style = YamlScalarStyle.DoubleQuoted;
            }

            Results.Add((FilePath, fieldPath, resolved));
        }

        private bool ShouldSet(string pattern) => setters.Any(s => pattern.Contains("${" + s.Key + "}", StringComparison.Ordinal));

        private static string Pattern(string? comment) =>
            comment is not null && comment.StartsWith(SetterComment, StringComparison.Ordinal) ? comment[SetterComment.Length..].Trim() : "";

        /// <summary>The values of setters the user did not give, derived by matching the pattern against the current value.</summary>
        private static Dictionary<string, string> CurrentValues(string pattern, string value)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var references = SetterReference().Matches(pattern).Select(m => m.Value).ToList();
            var regex = Regex.Escape(pattern);
            foreach (var reference in references)
            {
                regex = regex.Replace(Regex.Escape(reference), "(.*)", StringComparison.Ordinal);
            }

            var match = Regex.Match(value, regex, RegexOptions.CultureInvariant);
            if (!match.Success || match.Groups.Count - 1 != references.Count)
            {
                return result;
            }

            for (var i = 0; i < references.Count; i++)
            {
                var v = match.Groups[i + 1].Value;
                if (v.Length == 0)
                {
                    return new Dictionary<string, string>(StringComparer.Ordinal);
                }

                result[references[i][2..^1].Trim()] = v;
            }

            return result;
        }
    }

    [GeneratedRegex(@"\$\{([^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex SetterReference();
}
