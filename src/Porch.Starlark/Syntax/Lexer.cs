// Longer than ~500 lines on purpose: one scanner, as go.starlark.net's scan.go: tokens, indentation and literals share
// the position state.
using System.Globalization;
using System.Numerics;
using System.Text;
using Porch.Starlark.Runtime;

namespace Porch.Starlark.Syntax;

/// <summary>
/// Scans a whole file into tokens, producing NEWLINE, INDENT and OUTDENT tokens from line structure
/// (Python rules: newlines inside brackets are ignored, a backslash joins lines, tabs advance to the next
/// multiple of 8).
/// </summary>
internal sealed class Lexer
{
    private readonly string _src;
    private readonly List<Token> _tokens = new();
    private readonly List<int> _indents = new() { 0 };
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;

    private Lexer(string src) => _src = src;

    public static List<Token> Scan(string src)
    {
        var lexer = new Lexer(src);
        lexer.Run();
        return lexer._tokens;
    }

    private Pos Here => new(_line, _pos - _lineStart + 1);

    private void Emit(TokenKind kind, Pos pos, string? text = null, object? value = null) =>
        _tokens.Add(new Token(kind, pos, text, value));

    private void NewLine()
    {
        _line++;
        _lineStart = _pos;
    }

    private void Run()
    {
        var atLineStart = true;
        while (true)
        {
            if (atLineStart && _depth == 0)
            {
                if (!Indentation())
                {
                    break;
                }

                atLineStart = false;
            }

            while (_pos < _src.Length && (_src[_pos] == ' ' || _src[_pos] == '\t' || _src[_pos] == '\r' || _src[_pos] == '\f'))
            {
                _pos++;
            }

            if (_pos >= _src.Length)
            {
                break;
            }

            var c = _src[_pos];
            if (c == '#')
            {
                while (_pos < _src.Length && _src[_pos] != '\n')
                {
                    _pos++;
                }

                continue;
            }

            if (c == '\n')
            {
                var p = Here;
                _pos++;
                NewLine();
                if (_depth == 0)
                {
                    Emit(TokenKind.Newline, p);
                    atLineStart = true;
                }

                continue;
            }

            if (c == '\\')
            {
                var next = _pos + 1;
                if (next < _src.Length && _src[next] == '\r')
                {
                    next++;
                }

                if (next < _src.Length && _src[next] == '\n')
                {
                    _pos = next + 1;
                    NewLine();
                    continue;
                }

                throw new SyntaxError(Here, "unexpected input character '\\'");
            }

            ScanToken();
        }

        var end = Here;
        if (_depth == 0 && _tokens.Count > 0 && _tokens[^1].Kind != TokenKind.Newline && _tokens[^1].Kind != TokenKind.Outdent)
        {
            Emit(TokenKind.Newline, end);
        }

        while (_indents.Count > 1)
        {
            _indents.RemoveAt(_indents.Count - 1);
            Emit(TokenKind.Outdent, end);
        }

        Emit(TokenKind.Eof, end);
    }

    /// <summary>Measures the indentation of the next non-blank line and emits INDENT/OUTDENT; false at end of input.</summary>
    private bool Indentation()
    {
        while (true)
        {
            var col = 0;
            var p = _pos;
            while (p < _src.Length && (_src[p] == ' ' || _src[p] == '\t' || _src[p] == '\f'))
            {
                col = _src[p] == '\t' ? col + 8 - (col % 8) : col + 1;
                p++;
            }

            if (p >= _src.Length)
            {
                _pos = p;
                return false;
            }

            var c = _src[p];
            if (c == '\r' || c == '\n' || c == '#')
            {
                while (p < _src.Length && _src[p] != '\n')
                {
                    p++;
                }

                if (p >= _src.Length)
                {
                    _pos = p;
                    return false;
                }

                _pos = p + 1;
                NewLine();
                continue;
            }

            _pos = p;
            var current = _indents[^1];
            if (col > current)
            {
                _indents.Add(col);
                Emit(TokenKind.Indent, Here);
            }
            else if (col < current)
            {
                while (col < _indents[^1])
                {
                    _indents.RemoveAt(_indents.Count - 1);
                    Emit(TokenKind.Outdent, Here);
                }

                if (col != _indents[^1])
                {
                    throw new SyntaxError(Here, "unindent does not match any outer indentation level");
                }
            }

            return true;
        }
    }

    private char Peek(int offset) => _pos + offset < _src.Length ? _src[_pos + offset] : '\0';

    private void ScanToken()
    {
        var start = Here;
        var c = _src[_pos];

        if (c == '"' || c == '\'')
        {
            ScanString(start, raw: false, bytes: false);
            return;
        }

        if ((c == 'r' || c == 'b') && IsQuote(Peek(1)))
        {
            _pos++;
            ScanString(start, raw: c == 'r', bytes: c == 'b');
            return;
        }

        if ((c == 'r' && Peek(1) == 'b' || c == 'b' && Peek(1) == 'r') && IsQuote(Peek(2)))
        {
            _pos += 2;
            ScanString(start, raw: true, bytes: true);
            return;
        }

        if (char.IsLetter(c) || c == '_' || char.IsSurrogate(c))
        {
            var s = _pos;
            while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_' || char.IsSurrogate(_src[_pos])))
            {
                _pos++;
            }

            var name = _src[s.._pos];
            if (TokenText.Keywords.TryGetValue(name, out var kw))
            {
                Emit(kw, start);
            }
            else
            {
                Emit(TokenKind.Ident, start, name);
            }

            return;
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            ScanNumber(start);
            return;
        }

        _pos++;
        var n = Peek(0);
        TokenKind kind;
        switch (c)
        {
            case '(':
            case '[':
            case '{':
                _depth++;
                kind = c == '(' ? TokenKind.LParen : c == '[' ? TokenKind.LBrack : TokenKind.LBrace;
                break;
            case ')':
            case ']':
            case '}':
                if (_depth == 0)
                {
                    throw new SyntaxError(start, "unexpected '" + c + "'");
                }

                _depth--;
                kind = c == ')' ? TokenKind.RParen : c == ']' ? TokenKind.RBrack : TokenKind.RBrace;
                break;
            case '+': kind = Op2(n, TokenKind.Plus, TokenKind.PlusEq); break;
            case '-': kind = Op2(n, TokenKind.Minus, TokenKind.MinusEq); break;
            case '%': kind = Op2(n, TokenKind.Percent, TokenKind.PercentEq); break;
            case '&': kind = Op2(n, TokenKind.Amp, TokenKind.AmpEq); break;
            case '|': kind = Op2(n, TokenKind.Pipe, TokenKind.PipeEq); break;
            case '^': kind = Op2(n, TokenKind.Caret, TokenKind.CaretEq); break;
            case '=': kind = Op2(n, TokenKind.Eq, TokenKind.EqEq); break;
            case '~': kind = TokenKind.Tilde; break;
            case '.': kind = TokenKind.Dot; break;
            case ',': kind = TokenKind.Comma; break;
            case ';': kind = TokenKind.Semi; break;
            case ':': kind = TokenKind.Colon; break;
            case '!':
                if (n != '=')
                {
                    throw new SyntaxError(start, "unexpected input character '!'");
                }

                _pos++;
                kind = TokenKind.Ne;
                break;
            case '*':
                if (n == '*')
                {
                    _pos++;
                    kind = TokenKind.StarStar;
                }
                else
                {
                    kind = Op2(n, TokenKind.Star, TokenKind.StarEq);
                }

                break;
            case '/':
                if (n == '/')
                {
                    _pos++;
                    kind = Op2(Peek(0), TokenKind.SlashSlash, TokenKind.SlashSlashEq);
                }
                else
                {
                    kind = Op2(n, TokenKind.Slash, TokenKind.SlashEq);
                }

                break;
            case '<':
                if (n == '<')
                {
                    _pos++;
                    kind = Op2(Peek(0), TokenKind.LtLt, TokenKind.LtLtEq);
                }
                else
                {
                    kind = Op2(n, TokenKind.Lt, TokenKind.Le);
                }

                break;
            case '>':
                if (n == '>')
                {
                    _pos++;
                    kind = Op2(Peek(0), TokenKind.GtGt, TokenKind.GtGtEq);
                }
                else
                {
                    kind = Op2(n, TokenKind.Gt, TokenKind.Ge);
                }

                break;
            default:
                throw new SyntaxError(start, "unexpected input character " + Quoting.QuoteChar(c));
        }

        Emit(kind, start);
    }

    private TokenKind Op2(char next, TokenKind plain, TokenKind withEq)
    {
        if (next == '=')
        {
            _pos++;
            return withEq;
        }

        return plain;
    }

    private static bool IsQuote(char c) => c == '"' || c == '\'';

    private void ScanNumber(Pos start)
    {
        var s = _pos;
        var c = _src[_pos];
        if (c == '0' && _pos + 1 < _src.Length && "xXoObB".Contains(_src[_pos + 1], StringComparison.Ordinal))
        {
            var b = char.ToLowerInvariant(_src[_pos + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            _pos += 2;
            var ds = _pos;
            while (_pos < _src.Length && char.IsAsciiLetterOrDigit(_src[_pos]))
            {
                _pos++;
            }

            var digits = _src[ds.._pos];
            if (!IntParser.TryParseDigits(digits, b, out var v))
            {
                throw new SyntaxError(start, "invalid " + (b == 16 ? "hex" : b == 8 ? "octal" : "binary") + " literal: " + _src[s.._pos]);
            }

            Emit(TokenKind.Int, start, null, v);
            return;
        }

        var isFloat = false;
        while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
        {
            _pos++;
        }

        if (_pos < _src.Length && _src[_pos] == '.')
        {
            isFloat = true;
            _pos++;
            while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _src.Length && (_src[_pos] == 'e' || _src[_pos] == 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < _src.Length && (_src[_pos] == '+' || _src[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                isFloat = true;
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        var text = _src[s.._pos];
        if (_pos < _src.Length && (char.IsLetter(_src[_pos]) || _src[_pos] == '_'))
        {
            throw new SyntaxError(start, "invalid numeric literal: " + text + _src[_pos]);
        }

        if (isFloat)
        {
            var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d))
            {
                throw new SyntaxError(start, "floating-point literal out of range: " + text);
            }

            Emit(TokenKind.Float, start, null, d);
            return;
        }

        if (text.Length > 1 && text[0] == '0')
        {
            if (text.All(ch => ch == '0'))
            {
                Emit(TokenKind.Int, start, null, StarlarkInt.Zero);
                return;
            }

            throw new SyntaxError(start, "obsolete form of octal literal; use 0o" + text[1..]);
        }

        Emit(TokenKind.Int, start, null, StarlarkInt.Of(BigInteger.Parse(text, CultureInfo.InvariantCulture)));
    }

    private void ScanString(Pos start, bool raw, bool bytes)
    {
        var quote = _src[_pos];
        var triple = Peek(1) == quote && Peek(2) == quote;
        _pos += triple ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw new SyntaxError(start, "unexpected EOF in string");
            }

            var c = _src[_pos];
            if (c == quote)
            {
                if (!triple)
                {
                    _pos++;
                    break;
                }

                if (Peek(1) == quote && Peek(2) == quote)
                {
                    _pos += 3;
                    break;
                }

                sb.Append(c);
                _pos++;
                continue;
            }

            if (c == '\n')
            {
                if (!triple)
                {
                    throw new SyntaxError(start, "unexpected newline in string");
                }

                sb.Append('\n');
                _pos++;
                NewLine();
                continue;
            }

            if (c == '\r' && Peek(1) == '\n')
            {
                _pos++;
                continue;
            }

            if (c != '\\')
            {
                AppendSource(sb);
                continue;
            }

            // Backslash.
            if (_pos + 1 >= _src.Length)
            {
                throw new SyntaxError(start, "unexpected EOF in string");
            }

            var e = _src[_pos + 1];
            if (raw)
            {
                sb.Append('\\');
                _pos++;
                if (e == '\n')
                {
                    sb.Append('\n');
                    _pos++;
                    NewLine();
                }
                else if (e == quote || e == '\\')
                {
                    sb.Append(e);
                    _pos++;
                }

                continue;
            }

            var escPos = Here;
            _pos += 2;
            switch (e)
            {
                case '\n':
                    NewLine();
                    break;
                case '\r':
                    if (Peek(0) == '\n')
                    {
                        _pos++;
                        NewLine();
                    }

                    break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                {
                    var v = e - '0';
                    for (var k = 0; k < 2 && _pos < _src.Length && _src[_pos] >= '0' && _src[_pos] <= '7'; k++)
                    {
                        v = (v * 8) + (_src[_pos] - '0');
                        _pos++;
                    }

                    if (v > 255)
                    {
                        throw new SyntaxError(escPos, "invalid escape sequence: octal value out of range");
                    }

                    sb.Append((char)v);
                    break;
                }

                case 'x':
                    sb.Append((char)HexEscape(escPos, 2));
                    break;
                case 'u':
                case 'U':
                {
                    var v = HexEscape(escPos, e == 'u' ? 4 : 8);
                    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                    {
                        throw new SyntaxError(escPos, "invalid Unicode code point U+" + v.ToString("X", CultureInfo.InvariantCulture));
                    }

                    ByteString.AppendRune(sb, v);
                    break;
                }

                default:
                    throw new SyntaxError(escPos, "invalid escape sequence \\" + e);
            }
        }

        Emit(bytes ? TokenKind.Bytes : TokenKind.String, start, sb.ToString());
    }

    private int HexEscape(Pos escPos, int count)
    {
        var v = 0;
        for (var k = 0; k < count; k++)
        {
            if (_pos >= _src.Length || !char.IsAsciiHexDigit(_src[_pos]))
            {
                throw new SyntaxError(escPos, "invalid escape sequence: expected " + count.ToString(CultureInfo.InvariantCulture) + " hex digits");
            }

            v = (v * 16) + Convert.ToInt32(_src[_pos].ToString(), 16);
            _pos++;
        }

        return v;
    }

    /// <summary>Appends the source character at the cursor (a whole surrogate pair if needed) as UTF-8 bytes.</summary>
    private void AppendSource(StringBuilder sb)
    {
        var c = _src[_pos];
        if (c < 0x80)
        {
            sb.Append(c);
            _pos++;
            return;
        }

        if (char.IsHighSurrogate(c) && _pos + 1 < _src.Length && char.IsLowSurrogate(_src[_pos + 1]))
        {
            ByteString.AppendRune(sb, char.ConvertToUtf32(c, _src[_pos + 1]));
            _pos += 2;
            return;
        }

        ByteString.AppendRune(sb, c);
        _pos++;
    }
}
