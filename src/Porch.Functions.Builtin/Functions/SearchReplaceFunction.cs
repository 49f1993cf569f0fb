using System.Text.RegularExpressions;
using Porch.Krm;
using Porch.Functions.Builtin.Internal;

namespace Porch.Functions.Builtin.Functions;

/// <summary>
/// The catalog's <c>search-replace</c>: ConfigMap <c>data</c> with matchers <c>by-value</c>, <c>by-value-regex</c> (full
/// match), <c>by-path</c> (<c>*</c> one element, <c>**</c> any depth, <c>a[b]</c> list elements), <c>by-file-path</c>, and
/// mutators <c>put-value</c> / <c>put-comment</c> with <c>${n}</c> capture groups. Reports each matched field.
/// </summary>
internal sealed partial class SearchReplaceFunction : IKrmFunction
{
    private static readonly string[] Matchers = ["by-value", "by-value-regex", "by-path", "by-file-path", "put-value", "put-comment"];

    public string Name => "search-replace";

    public bool Run(KrmFunctionContext context)
    {
        Search search;
        try
        {
            search = Search.Create(KubeObjects.StringMap(KubeObjects.Map(context.FunctionConfig?.Root, "data")));
            foreach (var item in context.Items)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var path = item.PathAnnotation ?? "";
                if (search.ByFilePath is { } glob && !glob.IsMatch(path))
                {
                    continue;
                }

                search.FilePath = path;
                search.Perform(item.Root);
            }
        }
        catch (KrmFunctionException ex)
        {
            throw new KrmFunctionException($"failed to perform search-replace operation: {GoString.Quote(ex.Message)}");
        }

        if (search.Results.Count == 0)
        {
            context.Add("no matches", null);
            return true;
        }

        var mutated = search.PutValue.Length > 0 || search.PutComment.Length > 0;
        foreach (var (file, field, value) in search.Results)
        {
            var result = context.Add(mutated ? $"Mutated field value to {GoString.Quote(value)}" : $"Matched field value {GoString.Quote(value)}", null);
            result.FieldPath = field;
            result.FilePath = file;
        }

        return true;
    }

    private sealed class Search
    {
        public string ByValue { get; private init; } = "";

        public Regex? ByValueRegex { get; private init; }

        public string ByValueRegexText { get; private init; } = "";

        public string ByPath { get; private init; } = "";

        public Regex? ByFilePath { get; private init; }

        public string PutValue { get; private init; } = "";

        public string PutComment { get; private init; } = "";

        public string FilePath { get; set; } = "";

        public List<(string File, string Field, string Value)> Results { get; } = new();

        public static Search Create(List<KeyValuePair<string, string>> data)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in data)
            {
                if (Array.IndexOf(Matchers, k) < 0)
                {
                    throw new KrmFunctionException($"invalid matcher {GoString.Quote(k)}, must be one of [{string.Join(' ', Matchers.Select(GoString.Quote))}]");
                }

                map[k] = v;
            }

            string Get(string key) => map.TryGetValue(key, out var v) ? v : "";
            var search = new Search
            {
                ByValue = Get("by-value"),
                ByValueRegexText = Get("by-value-regex"),
                ByPath = Get("by-path"),
                PutValue = Get("put-value"),
                PutComment = Get("put-comment"),
                ByFilePath = Get("by-file-path") is { Length: > 0 } glob ? GlobRegex(glob) : null,
            };
            if (search.ByValue.Length == 0 && search.ByValueRegexText.Length == 0 && search.ByPath.Length == 0 && search.ByFilePath is null)
            {
                throw new KrmFunctionException("at least one of [\"by-value\", \"by-value-regex\", \"by-path\"] must be provided");
            }

            if (search.ByValue.Length > 0 && search.ByValueRegexText.Length > 0)
            {
                throw new KrmFunctionException("only one of [\"by-value\", \"by-value-regex\"] can be provided");
            }

            if (search.ByValueRegexText.Length == 0)
            {
                return search;
            }

            try
            {
                return new Search
                {
                    ByValue = search.ByValue,
                    ByValueRegexText = search.ByValueRegexText,
                    ByValueRegex = new Regex("^(?:" + search.ByValueRegexText + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
                    ByPath = search.ByPath,
                    PutValue = search.PutValue,
                    PutComment = search.PutComment,
                    ByFilePath = search.ByFilePath,
                };
            }
            catch (ArgumentException ex)
            {
                throw new KrmFunctionException("error parsing regexp: " + ex.Message);
            }
        }

        public void Perform(YamlNode root)
        {
            if (PutValue.Length > 0 && ByValue.Length == 0 && ByValueRegex is null && IsAbsolutePath(ByPath))
            {
                var parts = ByPath.Split('.');
                var node = root;
                foreach (var part in parts[..^1])
                {
                    node = node.GetOrAddMapping(part);
                }

                node.Set(parts[^1], YamlScalars.String(PutValue));
                Results.Add((FilePath, ByPath, PutValue));
                return;
            }

            Visit(root, "");
        }

        private void Visit(YamlNode node, string path)
        {
            switch (node.Kind)
            {
                case YamlNodeKind.Mapping:
                    for (var i = 0; i + 1 < node.Children.Count; i += 2)
                    {
                        var key = node.Children[i];
                        var value = node.Children[i + 1];
                        var childPath = path + "." + key.Value;
                        if (PutComment.Length > 0 && value.Kind == YamlNodeKind.Sequence && value.Children.Count > 0 && PathMatches(childPath.TrimStart('.')))
                        {
                            key.LineComment = "# " + PutComment;
                            value.IsFlow = false;
                            Results.Add((FilePath, ByPath + " # " + PutComment, value.ToString()));
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
                    MatchAndReplace(node, path.TrimStart('.'));
                    break;
            }
        }

        private void MatchAndReplace(YamlNode node, string path)
        {
            var pathMatch = PathMatches(path);
            var valueMatch = (ByValue.Length > 0 && ByValue == node.Value) || (ByValueRegex?.IsMatch(node.Value) ?? false);
            var searchByValue = ByValue.Length > 0 || ByValueRegex is not null;
            var matched = (valueMatch && pathMatch) || (valueMatch && ByPath.Length == 0) || (pathMatch && !searchByValue) || (ByFilePath is not null && ByPath.Length == 0 && !searchByValue);
            if (!matched)
            {
                return;
            }

            if (PutComment.Length > 0)
            {
                node.LineComment = "# " + Resolve(node.Value, PutComment);
            }

            if (PutValue.Length > 0)
            {
                node.Value = Resolve(node.Value, PutValue);
                node.Tag = null;
            }

            Results.Add((FilePath, path, node.Value));
        }

        private string Resolve(string fieldValue, string pattern)
        {
            if (ByValueRegex is null)
            {
                return pattern;
            }

            var match = ByValueRegex.Match(fieldValue);
            var result = pattern;
            for (var i = 1; i < match.Groups.Count; i++)
            {
                result = result.Replace("${" + YamlScalars.Format(i) + "}", match.Groups[i].Value, StringComparison.Ordinal);
            }

            if (CaptureReference().IsMatch(result))
            {
                throw new KrmFunctionException("unable to resolve capture groups");
            }

            return result;
        }

        private bool PathMatches(string yamlPath)
        {
            if (ByPath.Length == 0)
            {
                return false;
            }

            var pattern = ByPath.Split('.');
            var elems = yamlPath.Split('.');
            var dp = new bool[elems.Length + 1, pattern.Length + 1];
            dp[0, 0] = true;
            for (var j = 1; j <= pattern.Length; j++)
            {
                dp[0, j] = pattern[j - 1] == "**" && dp[0, j - 1];
            }

            for (var i = 1; i <= elems.Length; i++)
            {
                for (var j = 1; j <= pattern.Length; j++)
                {
                    dp[i, j] = pattern[j - 1] == "**"
                        ? dp[i, j - 1] || dp[i - 1, j]
                        : (pattern[j - 1] == "*" || ElementMatches(elems[i - 1], pattern[j - 1])) && dp[i - 1, j - 1];
                }
            }

            return dp[elems.Length, pattern.Length];
        }

        private static bool ElementMatches(string element, string pattern)
        {
            if (element == pattern)
            {
                return true;
            }

            if (!element.Contains('[', StringComparison.Ordinal))
            {
                return false;
            }

            var e = element.Split('[', 2);
            var p = pattern.Split('[', 2);
            if (p[0] != "*" && e[0] != p[0])
            {
                return false;
            }

            return p.Length > 1 && (p[1] == "*]" || e[1] == p[1]);
        }

        private static bool IsAbsolutePath(string path) =>
            path.Length > 0 && path.Split('.').All(e => e.Length > 0 && !e.Contains('*', StringComparison.Ordinal)) && !path.Contains('[', StringComparison.Ordinal);

        private static Regex GlobRegex(string glob)
        {
            var pattern = Regex.Escape(glob).Replace(@"\*\*", "\u0001", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                .Replace(@"\?", "[^/]", StringComparison.Ordinal).Replace("\u0001", ".*", StringComparison.Ordinal);
            return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
        }
    }

    [GeneratedRegex(@"\$\{([0-9]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex CaptureReference();
}
