using System.Globalization;
using System.Text;

namespace Porch.PackageVariants.Internal;

/// <summary>
/// The subset of CEL that PackageVariantSet templates use (Porch's <c>evalExpr</c>): string literals in single or
/// double quotes, the variables <c>repoDefault</c>, <c>packageDefault</c>, <c>upstream</c>, <c>target</c> and
/// <c>repository</c>, field selection (<c>repository.name</c>), map indexing (<c>labels['app']</c>), string
/// concatenation with <c>+</c> and parentheses. The result must be a string. Undeclared references and missing keys
/// fail with cel-go's texts; other syntax errors carry our own description.
/// </summary>
internal sealed class TemplateExpression
{
    public static readonly string[] Variables = ["repoDefault", "packageDefault", "upstream", "target", "repository"];

    private readonly string _text;
    private int _pos;
    private readonly IReadOnlyDictionary<string, object?> _inputs;

    private TemplateExpression(string text, IReadOnlyDictionary<string, object?> inputs)
    {
        _text = text;
        _inputs = inputs;
    }

    public static string Evaluate(string expression, IReadOnlyDictionary<string, object?> inputs)
    {
        var parser = new TemplateExpression(expression, inputs);
        var value = parser.ParseSum();
        parser.SkipSpaces();
        if (parser._pos < expression.Length)
        {
            throw parser.Syntax($"unexpected '{expression[parser._pos]}'");
        }

        return value as string ?? throw new TemplateExpressionException($"expression returned non-string value: {Describe(value)}");
    }

    private object? ParseSum()
    {
        var left = ParsePostfix();
        while (true)
        {
            SkipSpaces();
            if (_pos >= _text.Length || _text[_pos] != '+')
            {
                return left;
            }

            _pos++;
            var right = ParsePostfix();
            if (left is not string l || right is not string r)
            {
                throw new TemplateExpressionException($"no such overload: {TypeName(left)} + {TypeName(right)}");
            }

            left = l + r;
        }
    }

    private object? ParsePostfix()
    {
        var value = ParsePrimary();
        while (true)
        {
            SkipSpaces();
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                SkipSpaces();
                value = Select(value, ParseIdentifier());
            }
            else if (_pos < _text.Length && _text[_pos] == '[')
            {
                _pos++;
                var key = ParseSum();
                SkipSpaces();
                Expect(']');
                value = Select(value, key as string ?? throw new TemplateExpressionException($"no such overload: index with {TypeName(key)}"));
            }
            else
            {
                return value;
            }
        }
    }

    private object? ParsePrimary()
    {
        SkipSpaces();
        if (_pos >= _text.Length)
        {
            throw Syntax("unexpected end of expression");
        }

        var c = _text[_pos];
        if (c is '\'' or '"')
        {
            return ParseString(c);
        }

        if (c == '(')
        {
            _pos++;
            var value = ParseSum();
            SkipSpaces();
            Expect(')');
            return value;
        }

        var start = _pos;
        var name = ParseIdentifier();
        if (!_inputs.TryGetValue(name, out var variable) || !Variables.Contains(name))
        {
            throw new TemplateExpressionException(string.Create(CultureInfo.InvariantCulture,
                $"ERROR: <input>:1:{start + 1}: undeclared reference to '{name}' (in container '')\n | {_text}\n | {new string('.', start)}^"));
        }

        return variable;
    }

    private string ParseString(char quote)
    {
        _pos++;
        var text = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
                text.Append(_text[_pos] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                text.Append(_text[_pos]);
            }

            _pos++;
        }

        if (_pos >= _text.Length)
        {
            throw Syntax("unterminated string literal");
        }

        _pos++;
        return text.ToString();
    }

    private string ParseIdentifier()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        if (start == _pos || char.IsAsciiDigit(_text[start]))
        {
            throw Syntax(_pos < _text.Length ? $"unexpected '{_text[_pos]}'" : "unexpected end of expression");
        }

        return _text[start.._pos];
    }

    private static object? Select(object? value, string key) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(key, out var v) ? v : throw new TemplateExpressionException($"no such key: {key}"),
        IReadOnlyDictionary<string, string> strings => strings.TryGetValue(key, out var s) ? s : throw new TemplateExpressionException($"no such key: {key}"),
        _ => throw new TemplateExpressionException($"no such key: {key}"),
    };

    private void Expect(char c)
    {
        if (_pos >= _text.Length || _text[_pos] != c)
        {
            throw Syntax(_pos < _text.Length ? $"unexpected '{_text[_pos]}', expecting '{c}'" : $"unexpected end of expression, expecting '{c}'");
        }

        _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private TemplateExpressionException Syntax(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"ERROR: <input>:1:{_pos + 1}: Syntax error: {message}\n | {_text}\n | {new string('.', _pos)}^"));

    private static string TypeName(object? value) => value switch
    {
        string => "string",
        null => "null_type",
        _ => "map",
    };

    private static string Describe(object? value) => value is null ? "<nil>" : TypeName(value);
}
