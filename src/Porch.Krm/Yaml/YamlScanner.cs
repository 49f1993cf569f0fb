// Longer than ~500 lines on purpose: one port of go-yaml v3's scannerc.go, whose token rules share the scanner state
// (simple keys, indentation stack, flow level) and read best side by side with the original.
using System.Text;

namespace Porch.Krm.Yaml;

/// <summary>
/// go-yaml v3's scanner (<c>scannerc.go</c>) over already decoded text: the same tokens, simple-key bookkeeping,
/// indentation rules, scalar folding and error texts, with positions as string indices. Scalar values stay ranges of the
/// text unless folding or escapes make them differ from it. Comments are kept beside the tokens, each with the number of
/// tokens produced before it.
/// </summary>
internal sealed class YamlScanner
{
    private const int MaxFlowLevel = 10000;
    private const int MaxIndents = 10000;

    private static readonly List<YamlToken> NoComments = new();
    private static readonly List<int> NoNumbers = new();

    /// <summary>The token queue, stacks, comment lists and builders, kept per thread between scanners (a package has many files).</summary>
    [ThreadStatic]
    private static Buffers? s_buffers;

    private readonly Buffers _buffers;

    private readonly string _text;
    private List<YamlToken>? _comments;
    private List<int>? _commentTokenNumbers;
    private YamlToken[] _tokens;
    private int _count;
    private int _head;
    private int _pos;
    private int _line;
    private int _col;
    private int _newlines;
    private bool _streamStartProduced;
    private bool _streamEndFetched;
    private bool _streamEndProduced;
    private int _indent = -1;
    private int[] _indents;
    private int _indentCount;
    private SimpleKey[] _simpleKeys;
    private int _simpleKeyCount;
    private bool _simpleKeyAllowed;
    private int _flowLevel;
    private StringBuilder? _sb;
    private StringBuilder? _trailing;

    public YamlScanner(string text)
    {
        _text = text;
        _buffers = s_buffers ?? new Buffers();
        s_buffers = null;
        _tokens = _buffers.Tokens;
        _indents = _buffers.Indents;
        _simpleKeys = _buffers.SimpleKeys;
    }

    /// <summary>The comments scanned so far, in order.</summary>
    public IReadOnlyList<YamlToken> Comments => _comments ?? NoComments;

    /// <summary>For each comment, how many tokens came before it.</summary>
    public IReadOnlyList<int> CommentTokenNumbers => _commentTokenNumbers ?? NoNumbers;

    /// <summary>Hands its buffers back for the next scanner on this thread; neither this scanner nor its comment lists are used after it.</summary>
    public void Release()
    {
        Array.Clear(_tokens, 0, _count);
        _count = 0;
        _head = 0;
        _streamEndProduced = true;
        var buffers = _buffers;
        buffers.Tokens = _tokens;
        buffers.Indents = _indents;
        buffers.SimpleKeys = _simpleKeys;
        _comments?.Clear();
        _commentTokenNumbers?.Clear();
        _sb?.Clear();
        _trailing?.Clear();
        _tokens = [];
        _comments = null;
        _commentTokenNumbers = null;
        if (buffers.Tokens.Length <= 1 << 16 && buffers.Comments.Capacity <= 1 << 16 && (_sb?.Capacity ?? 0) <= 1 << 16)
        {
            s_buffers = buffers;
        }
    }

    private sealed class Buffers
    {
        public YamlToken[] Tokens { get; set; } = new YamlToken[64];

        public int[] Indents { get; set; } = new int[16];

        public SimpleKey[] SimpleKeys { get; set; } = new SimpleKey[8];

        public List<YamlToken> Comments { get; } = new();

        public List<int> CommentTokenNumbers { get; } = new();

        public StringBuilder Builder { get; } = new(64);

        public StringBuilder Trailing { get; } = new(8);
    }

    /// <summary>yaml_parser_scan: the next token, or false after the stream end was returned.</summary>
    /// <exception cref="YamlScannerException">go-yaml's scanner error.</exception>
    public bool Next(out YamlToken token)
    {
        if (_streamEndProduced)
        {
            token = default;
            return false;
        }

        FetchMoreTokens();
        token = _tokens[_head++];
        if (token.Kind == YamlTokenKind.StreamEnd)
        {
            _streamEndProduced = true;
        }

        return true;
    }

    private struct SimpleKey
    {
        public bool Possible;
        public bool Required;
        public int TokenNumber;
        public YamlMark Mark;
    }

    private YamlMark Mark => new(_pos, _line + 1, _col + 1);

    private char At(int k)
    {
        var i = _pos + k;
        return (uint)i < (uint)_text.Length ? _text[i] : '\0';
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static bool IsBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsBreakZ(char c) => IsBreak(c) || c == '\0';

    private static bool IsBlankZ(char c) => IsBlank(c) || IsBreakZ(c);

    private static bool IsAlpha(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int AsHex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private bool AtEnd => _pos >= _text.Length;

    private void Skip()
    {
        var c = _text[_pos];
        if (!IsBlank(c))
        {
            _newlines = 0;
        }

        _pos += char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]) ? 2 : 1;
        _col++;
    }

    private void SkipLine()
    {
        var c = At(0);
        if (c == '\r' && At(1) == '\n')
        {
            _pos += 2;
        }
        else if (IsBreak(c))
        {
            _pos++;
        }
        else
        {
            return;
        }

        _col = 0;
        _line++;
        _newlines++;
    }

    /// <summary>read_line: consumes a break and returns it as go-yaml copies it (LS and PS kept, anything else LF).</summary>
    private char ReadLine()
    {
        var c = At(0);
        SkipLine();
        return c is '\u2028' or '\u2029' ? c : '\n';
    }

    private YamlScannerException Error(string context, YamlMark contextMark, string problem) => new(context, contextMark, problem, Mark);

    private void Add(in YamlToken token)
    {
        if (_count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[_count++] = token;
    }

    private void Insert(int position, in YamlToken token)
    {
        if (_count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        Array.Copy(_tokens, position, _tokens, position + 1, _count - position);
        _tokens[position] = token;
        _count++;
    }

    private ref SimpleKey CurrentKey => ref _simpleKeys[_simpleKeyCount - 1];

    private void FetchMoreTokens()
    {
        while (true)
        {
            if (_head < _count - 2 || (_streamEndFetched && _head < _count))
            {
                var found = -1;
                for (var i = _simpleKeyCount - 1; i >= 0; i--)
                {
                    if (_simpleKeys[i].Possible && _simpleKeys[i].TokenNumber == _head)
                    {
                        found = i;
                        break;
                    }
                }

                if (found < 0 || !SimpleKeyIsValid(ref _simpleKeys[found]) || _streamEndFetched)
                {
                    break;
                }
            }

            FetchNextToken();
        }
    }

    private void FetchNextToken()
    {
        if (!_streamStartProduced)
        {
            FetchStreamStart();
            return;
        }

        var scanMark = Mark;
        ScanToNextToken();
        UnrollIndent(_col, scanMark);

        if (AtEnd)
        {
            FetchStreamEnd();
            return;
        }

        var c = At(0);
        if (_col == 0 && c == '%')
        {
            FetchDirective();
            return;
        }

        if (_col == 0 && c == '-' && At(1) == '-' && At(2) == '-' && IsBlankZ(At(3)))
        {
            FetchDocumentIndicator(YamlTokenKind.DocumentStart);
            return;
        }

        if (_col == 0 && c == '.' && At(1) == '.' && At(2) == '.' && IsBlankZ(At(3)))
        {
            FetchDocumentIndicator(YamlTokenKind.DocumentEnd);
            return;
        }

        FetchContentToken(c);

        // The deferred line-comment scan of yaml_parser_fetch_next_token: a '#' later on the token's line is consumed
        // now, blanks (tabs too) before it, unless the token was a lone '-'.
        if (_count > 0 && _tokens[_count - 1].Kind != YamlTokenKind.BlockEntry)
        {
            ScanLineComment();
        }
    }

    private void FetchContentToken(char c)
    {
        switch (c)
        {
            case '[':
                FetchFlowCollectionStart(YamlTokenKind.FlowSequenceStart);
                return;
            case '{':
                FetchFlowCollectionStart(YamlTokenKind.FlowMappingStart);
                return;
            case ']':
                FetchFlowCollectionEnd(YamlTokenKind.FlowSequenceEnd);
                return;
            case '}':
                FetchFlowCollectionEnd(YamlTokenKind.FlowMappingEnd);
                return;
            case ',':
                FetchSingle(YamlTokenKind.FlowEntry, removeKey: true, allowKey: true);
                return;
        }

        if (c == '-' && IsBlankZ(At(1)))
        {
            FetchBlockEntry();
            return;
        }

        if (c == '?' && IsBlankZ(At(1)))
        {
            FetchKey();
            return;
        }

        if (c == ':' && (_flowLevel > 0 || IsBlankZ(At(1))))
        {
            FetchValue();
            return;
        }

        switch (c)
        {
            case '*':
                FetchAnchor(YamlTokenKind.Alias);
                return;
            case '&':
                FetchAnchor(YamlTokenKind.Anchor);
                return;
            case '!':
                FetchTag();
                return;
            case '|' when _flowLevel == 0:
                FetchBlockScalar(literal: true);
                return;
            case '>' when _flowLevel == 0:
                FetchBlockScalar(literal: false);
                return;
            case '\'':
                FetchFlowScalar(single: true);
                return;
            case '"':
                FetchFlowScalar(single: false);
                return;
        }

        var next = At(1);
        if (!(IsBlankZ(c) || c is '-' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`')
            || (c == '-' && !IsBlank(next))
            || (c is '?' or ':' && !IsBlankZ(next)))
        {
            FetchPlainScalar();
            return;
        }

        throw Error("while scanning for the next token", Mark, "found character that cannot start any token");
    }

    /// <summary>yaml_simple_key_is_valid: a key must stay on its line and within 1024 characters.</summary>
    private bool SimpleKeyIsValid(ref SimpleKey key)
    {
        if (!key.Possible)
        {
            return false;
        }

        if (key.Mark.Line < _line + 1 || key.Mark.Index + 1024 < _pos)
        {
            if (key.Required)
            {
                throw Error("while scanning a simple key", key.Mark, "could not find expected ':'");
            }

            key.Possible = false;
            return false;
        }

        return true;
    }

    private void SaveSimpleKey()
    {
        var required = _flowLevel == 0 && _indent == _col;
        if (_simpleKeyAllowed)
        {
            var key = new SimpleKey { Possible = true, Required = required, TokenNumber = _count, Mark = Mark };
            RemoveSimpleKey();
            CurrentKey = key;
        }
    }

    private void RemoveSimpleKey()
    {
        ref var key = ref CurrentKey;
        if (key.Possible)
        {
            if (key.Required)
            {
                throw Error("while scanning a simple key", key.Mark, "could not find expected ':'");
            }

            key.Possible = false;
        }
    }

    private void IncreaseFlowLevel()
    {
        if (_simpleKeyCount == _simpleKeys.Length)
        {
            Array.Resize(ref _simpleKeys, _simpleKeys.Length * 2);
        }

        _simpleKeys[_simpleKeyCount++] = new SimpleKey { TokenNumber = _count, Mark = Mark };
        _flowLevel++;
        if (_flowLevel > MaxFlowLevel)
        {
            throw Error("while increasing flow level", CurrentKey.Mark, "exceeded max depth of 10000");
        }
    }

    private void DecreaseFlowLevel()
    {
        if (_flowLevel > 0)
        {
            _flowLevel--;
            _simpleKeyCount--;
        }
    }

    private void RollIndent(int column, int number, YamlTokenKind kind, YamlMark mark)
    {
        if (_flowLevel > 0 || _indent >= column)
        {
            return;
        }

        if (_indentCount == _indents.Length)
        {
            Array.Resize(ref _indents, _indents.Length * 2);
        }

        _indents[_indentCount++] = _indent;
        _indent = column;
        if (_indentCount > MaxIndents)
        {
            throw Error("while increasing indent level", CurrentKey.Mark, "exceeded max depth of 10000");
        }

        var token = new YamlToken(kind, mark, mark);
        if (number > -1)
        {
            Insert(number, token);
        }
        else
        {
            Add(token);
        }
    }

    private void UnrollIndent(int column, YamlMark scanMark)
    {
        if (_flowLevel > 0)
        {
            return;
        }

        var blockMark = scanMark with { Index = scanMark.Index - 1 };
        while (_indent > column)
        {
            Add(new YamlToken(YamlTokenKind.BlockEnd, blockMark, blockMark));
            _indent = _indents[--_indentCount];
        }
    }

    private void FetchStreamStart()
    {
        _indent = -1;
        _simpleKeys[_simpleKeyCount++] = default;
        _simpleKeyAllowed = true;
        _streamStartProduced = true;
        Add(new YamlToken(YamlTokenKind.StreamStart, Mark, Mark));
    }

    private void FetchStreamEnd()
    {
        if (_col != 0)
        {
            _col = 0;
            _line++;
        }

        UnrollIndent(-1, Mark);
        RemoveSimpleKey();
        _simpleKeyAllowed = false;
        _streamEndFetched = true;
        Add(new YamlToken(YamlTokenKind.StreamEnd, Mark, Mark));
    }

    private void FetchDirective()
    {
        UnrollIndent(-1, Mark);
        RemoveSimpleKey();
        _simpleKeyAllowed = false;
        Add(ScanDirective());
    }

    private void FetchDocumentIndicator(YamlTokenKind kind)
    {
        UnrollIndent(-1, Mark);
        RemoveSimpleKey();
        _simpleKeyAllowed = false;
        var start = Mark;
        Skip();
        Skip();
        Skip();
        Add(new YamlToken(kind, start, Mark));
    }

    private void FetchFlowCollectionStart(YamlTokenKind kind)
    {
        SaveSimpleKey();
        IncreaseFlowLevel();
        _simpleKeyAllowed = true;
        var start = Mark;
        Skip();
        Add(new YamlToken(kind, start, Mark));
    }

    private void FetchFlowCollectionEnd(YamlTokenKind kind)
    {
        RemoveSimpleKey();
        DecreaseFlowLevel();
        _simpleKeyAllowed = false;
        var start = Mark;
        Skip();
        Add(new YamlToken(kind, start, Mark));
    }

    private void FetchSingle(YamlTokenKind kind, bool removeKey, bool allowKey)
    {
        if (removeKey)
        {
            RemoveSimpleKey();
        }

        _simpleKeyAllowed = allowKey;
        var start = Mark;
        Skip();
        Add(new YamlToken(kind, start, Mark));
    }

    private void FetchBlockEntry()
    {
        if (_flowLevel == 0)
        {
            if (!_simpleKeyAllowed)
            {
                throw Error("", Mark, "block sequence entries are not allowed in this context");
            }

            RollIndent(_col, -1, YamlTokenKind.BlockSequenceStart, Mark);
        }

        FetchSingle(YamlTokenKind.BlockEntry, removeKey: true, allowKey: true);
    }

    private void FetchKey()
    {
        if (_flowLevel == 0)
        {
            if (!_simpleKeyAllowed)
            {
                throw Error("", Mark, "mapping keys are not allowed in this context");
            }

            RollIndent(_col, -1, YamlTokenKind.BlockMappingStart, Mark);
        }

        FetchSingle(YamlTokenKind.Key, removeKey: true, allowKey: _flowLevel == 0);
    }

    private void FetchValue()
    {
        ref var key = ref CurrentKey;
        if (SimpleKeyIsValid(ref key))
        {
            Insert(key.TokenNumber, new YamlToken(YamlTokenKind.Key, key.Mark, key.Mark));
            RollIndent(key.Mark.Column - 1, key.TokenNumber, YamlTokenKind.BlockMappingStart, key.Mark);
            key.Possible = false;
            _simpleKeyAllowed = false;
        }
        else
        {
            if (_flowLevel == 0)
            {
                if (!_simpleKeyAllowed)
                {
                    throw Error("", Mark, "mapping values are not allowed in this context");
                }

                RollIndent(_col, -1, YamlTokenKind.BlockMappingStart, Mark);
            }

            _simpleKeyAllowed = _flowLevel == 0;
        }

        var start = Mark;
        Skip();
        Add(new YamlToken(YamlTokenKind.Value, start, Mark));
    }

    private void FetchAnchor(YamlTokenKind kind)
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        var start = Mark;
        Skip();
        var valueStart = _pos;
        while (IsAlpha(At(0)))
        {
            Skip();
        }

        var end = Mark;
        var c = At(0);
        if (_pos == valueStart || !(IsBlankZ(c) || c is '?' or ':' or ',' or ']' or '}' or '%' or '@' or '`'))
        {
            throw Error(kind == YamlTokenKind.Anchor ? "while scanning an anchor" : "while scanning an alias", start, "did not find expected alphabetic or numeric character");
        }

        Add(new YamlToken(kind, start, end, valueStart: valueStart, valueLength: _pos - valueStart));
    }

    private void FetchTag()
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        var start = Mark;
        if (At(1) == '<')
        {
            Skip();
            Skip();
            ScanTagUri(directive: false, hasHead: false, start);
            if (At(0) != '>')
            {
                throw Error("while scanning a tag", start, "did not find the expected '>'");
            }

            Skip();
        }
        else
        {
            var handleStart = _pos;
            ScanTagHandle(directive: false, start);
            var handleLength = _pos - handleStart;
            if (handleLength > 1 && _text[_pos - 1] == '!')
            {
                ScanTagUri(directive: false, hasHead: false, start);
            }
            else
            {
                ScanTagUri(directive: false, hasHead: true, start);
            }
        }

        if (!IsBlankZ(At(0)))
        {
            throw Error("while scanning a tag", start, "did not find expected whitespace or line break");
        }

        Add(new YamlToken(YamlTokenKind.Tag, start, Mark, valueStart: start.Index, valueLength: _pos - start.Index));
    }

    private void ScanTagHandle(bool directive, YamlMark start)
    {
        if (At(0) != '!')
        {
            throw TagError(directive, start, "did not find expected '!'");
        }

        Skip();
        var length = 1;
        while (IsAlpha(At(0)))
        {
            Skip();
            length++;
        }

        if (At(0) == '!')
        {
            Skip();
        }
        else if (directive && length != 1)
        {
            throw TagError(directive, start, "did not find expected '!'");
        }
    }

    private void ScanTagUri(bool directive, bool hasHead, YamlMark start)
    {
        var hasTag = hasHead;
        while (true)
        {
            var c = At(0);
            if (!(IsAlpha(c) || c is ';' or '/' or '?' or ':' or '@' or '&' or '=' or '+' or '$' or ',' or '.' or '!' or '~' or '*' or '\'' or '(' or ')' or '[' or ']' or '%'))
            {
                break;
            }

            if (c == '%')
            {
                ScanUriEscapes(directive, start);
            }
            else
            {
                Skip();
            }

            hasTag = true;
        }

        if (!hasTag)
        {
            throw TagError(directive, start, "did not find expected tag URI");
        }
    }

    private void ScanUriEscapes(bool directive, YamlMark start)
    {
        var w = 1024;
        while (w > 0)
        {
            if (!(At(0) == '%' && IsHex(At(1)) && IsHex(At(2))))
            {
                throw TagError(directive, start, "did not find URI escaped octet");
            }

            var octet = (AsHex(At(1)) << 4) + AsHex(At(2));
            if (w == 1024)
            {
                w = (octet & 0x80) == 0x00 ? 1 : (octet & 0xE0) == 0xC0 ? 2 : (octet & 0xF0) == 0xE0 ? 3 : (octet & 0xF8) == 0xF0 ? 4 : 0;
                if (w == 0)
                {
                    throw TagError(directive, start, "found an incorrect leading UTF-8 octet");
                }
            }
            else if ((octet & 0xC0) != 0x80)
            {
                throw TagError(directive, start, "found an incorrect trailing UTF-8 octet");
            }

            Skip();
            Skip();
            Skip();
            w--;
        }
    }

    private YamlScannerException TagError(bool directive, YamlMark start, string problem) =>
        Error(directive ? "while parsing a %TAG directive" : "while parsing a tag", start, problem);

    private YamlToken ScanDirective()
    {
        var start = Mark;
        Skip();
        var nameStart = _pos;
        while (IsAlpha(At(0)))
        {
            Skip();
        }

        if (_pos == nameStart)
        {
            throw Error("while scanning a directive", start, "could not find expected directive name");
        }

        if (!IsBlankZ(At(0)))
        {
            throw Error("while scanning a directive", start, "found unexpected non-alphabetical character");
        }

        var name = _text.AsSpan(nameStart, _pos - nameStart);
        YamlToken token;
        if (name.SequenceEqual("YAML"))
        {
            SkipBlanks();
            var major = ScanVersionNumber(start);
            if (At(0) != '.')
            {
                throw Error("while scanning a %YAML directive", start, "did not find expected digit or '.' character");
            }

            Skip();
            var minor = ScanVersionNumber(start);
            token = new YamlToken(YamlTokenKind.VersionDirective, start, Mark, valueStart: major, valueLength: minor);
        }
        else if (name.SequenceEqual("TAG"))
        {
            SkipBlanks();
            ScanTagHandle(directive: true, start);
            if (!IsBlank(At(0)))
            {
                throw Error("while scanning a %TAG directive", start, "did not find expected whitespace");
            }

            SkipBlanks();
            ScanTagUri(directive: true, hasHead: false, start);
            if (!IsBlankZ(At(0)))
            {
                throw Error("while scanning a %TAG directive", start, "did not find expected whitespace or line break");
            }

            token = new YamlToken(YamlTokenKind.TagDirective, start, Mark);
        }
        else
        {
            throw Error("while scanning a directive", start, "found unknown directive name");
        }

        SkipBlanks();
        if (At(0) == '#')
        {
            // go-yaml discards a comment after a directive.
            while (!IsBreakZ(At(0)))
            {
                Skip();
            }
        }

        if (!IsBreakZ(At(0)))
        {
            throw Error("while scanning a directive", start, "did not find expected comment or line break");
        }

        SkipLine();
        return token;
    }

    private void SkipBlanks()
    {
        while (IsBlank(At(0)))
        {
            Skip();
        }
    }

    private int ScanVersionNumber(YamlMark start)
    {
        var value = 0;
        var length = 0;
        while (char.IsAsciiDigit(At(0)))
        {
            if (++length > 2)
            {
                throw Error("while scanning a %YAML directive", start, "found extremely long version number");
            }

            value = (value * 10) + (At(0) - '0');
            Skip();
        }

        if (length == 0)
        {
            throw Error("while scanning a %YAML directive", start, "did not find expected version number");
        }

        return value;
    }

    // ---------------------------------------------------------------- whitespace and comments

    private void ScanToNextToken()
    {
        while (true)
        {
            if (_col == 0 && At(0) == '\uFEFF')
            {
                Skip();
            }

            while (At(0) == ' ' || ((_flowLevel > 0 || !_simpleKeyAllowed) && At(0) == '\t'))
            {
                Skip();
            }

            if (At(0) == '#')
            {
                ScanComments();
            }

            if (IsBreak(At(0)))
            {
                SkipLine();
                if (_flowLevel == 0)
                {
                    _simpleKeyAllowed = true;
                }
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>
    /// yaml_parser_scan_comments: the comment at the scanner and every comment line after it with only blank lines
    /// between (looking at most 512 characters ahead), blanks and tabs before them included; the scanner stops at the
    /// end of the last comment line.
    /// </summary>
    private void ScanComments()
    {
        while (true)
        {
            RecordComment(_count);
            var peek = 0;
            var found = false;
            for (; peek < 512; peek++)
            {
                var c = At(peek);
                if (IsBlank(c) || IsBreak(c))
                {
                    continue;
                }

                found = c == '#';
                break;
            }

            if (!found)
            {
                return;
            }

            var seen = _pos + peek;
            while (_pos < seen)
            {
                if (IsBreak(At(0)))
                {
                    SkipLine();
                }
                else
                {
                    Skip();
                }
            }
        }
    }

    /// <summary>Records the comment at the scanner ('#' to the end of its line) and consumes it.</summary>
    private void RecordComment(int tokenNumber)
    {
        var start = Mark;
        while (!IsBreakZ(At(0)))
        {
            Skip();
        }

        (_comments ??= _buffers.Comments).Add(new YamlToken(YamlTokenKind.Comment, start, Mark, valueStart: start.Index + 1, valueLength: _pos - start.Index - 1));
        (_commentTokenNumbers ??= _buffers.CommentTokenNumbers).Add(tokenNumber);
    }

    /// <summary>yaml_parser_scan_line_comment: a comment later on the line just scanned, with blanks or tabs before it.</summary>
    private void ScanLineComment()
    {
        if (_newlines > 0)
        {
            return;
        }

        for (var peek = 0; peek < 512; peek++)
        {
            var c = At(peek);
            if (IsBlank(c))
            {
                continue;
            }

            if (c == '#')
            {
                for (var k = 0; k < peek; k++)
                {
                    Skip();
                }

                RecordComment(_count);
            }

            return;
        }
    }

    // ---------------------------------------------------------------- scalars

    private StringBuilder Builder()
    {
        _sb ??= _buffers.Builder;
        _sb.Clear();
        return _sb;
    }

    private StringBuilder Trailing()
    {
        _trailing ??= _buffers.Trailing;
        return _trailing;
    }

    private void FetchBlockScalar(bool literal)
    {
        RemoveSimpleKey();
        _simpleKeyAllowed = true;
        Add(ScanBlockScalar(literal));
    }

    private void FetchFlowScalar(bool single)
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        Add(ScanFlowScalar(single));
    }

    private void FetchPlainScalar()
    {
        SaveSimpleKey();
        _simpleKeyAllowed = false;
        Add(ScanPlainScalar());
    }

    private YamlToken ScanBlockScalar(bool literal)
    {
        var start = Mark;
        Skip();
        var chomping = 0;
        var increment = 0;
        var c = At(0);
        if (c is '+' or '-')
        {
            chomping = c == '+' ? 1 : -1;
            Skip();
            if (char.IsAsciiDigit(At(0)))
            {
                if (At(0) == '0')
                {
                    throw Error("while scanning a block scalar", start, "found an indentation indicator equal to 0");
                }

                increment = At(0) - '0';
                Skip();
            }
        }
        else if (char.IsAsciiDigit(c))
        {
            if (c == '0')
            {
                throw Error("while scanning a block scalar", start, "found an indentation indicator equal to 0");
            }

            increment = c - '0';
            Skip();
            if (At(0) is '+' or '-')
            {
                chomping = At(0) == '+' ? 1 : -1;
                Skip();
            }
        }

        SkipBlanks();
        if (At(0) == '#')
        {
            // go-yaml keeps it as the line comment of the scalar: it counts as coming after the scalar's token.
            RecordComment(_count + 1);
        }

        if (!IsBreakZ(At(0)))
        {
            throw Error("while scanning a block scalar", start, "did not find expected comment or line break");
        }

        SkipLine();
        var end = Mark;
        var indent = 0;
        if (increment > 0)
        {
            indent = _indent >= 0 ? _indent + increment : increment;
        }

        var s = Builder();
        var trailing = Trailing();
        trailing.Clear();
        var leadingBreak = '\0';
        ScanBlockScalarBreaks(ref indent, trailing, start, ref end);

        var leadingBlank = false;
        while (_col == indent && !AtEnd)
        {
            var trailingBlank = IsBlank(At(0));
            if (!literal && !leadingBlank && !trailingBlank && leadingBreak == '\n')
            {
                if (trailing.Length == 0)
                {
                    s.Append(' ');
                }
            }
            else if (leadingBreak != '\0')
            {
                s.Append(leadingBreak);
            }

            leadingBreak = '\0';
            s.Append(trailing);
            trailing.Clear();
            leadingBlank = IsBlank(At(0));
            var lineStart = _pos;
            while (!IsBreakZ(At(0)))
            {
                Skip();
            }

            s.Append(_text, lineStart, _pos - lineStart);
            leadingBreak = IsBreak(At(0)) ? ReadLine() : '\0';
            ScanBlockScalarBreaks(ref indent, trailing, start, ref end);
        }

        if (chomping != -1 && leadingBreak != '\0')
        {
            s.Append(leadingBreak);
        }

        if (chomping == 1)
        {
            s.Append(trailing);
        }

        return new YamlToken(YamlTokenKind.Scalar, start, end, literal ? YamlTokenStyle.Literal : YamlTokenStyle.Folded, cooked: s.ToString());
    }

    private void ScanBlockScalarBreaks(ref int indent, StringBuilder breaks, YamlMark start, ref YamlMark end)
    {
        end = Mark;
        var maxIndent = 0;
        while (true)
        {
            while ((indent == 0 || _col < indent) && At(0) == ' ')
            {
                Skip();
            }

            if (_col > maxIndent)
            {
                maxIndent = _col;
            }

            if (_col < indent && At(0) == '\t')
            {
                throw Error("while scanning a block scalar", start, "found a tab character where an indentation space is expected");
            }

            if (!IsBreak(At(0)))
            {
                break;
            }

            breaks.Append(ReadLine());
            end = Mark;
        }

        if (indent == 0)
        {
            indent = Math.Max(Math.Max(maxIndent, _indent + 1), 1);
        }
    }

    private YamlToken ScanFlowScalar(bool single)
    {
        var start = Mark;
        Skip();
        var valueStart = _pos;
        var valueEnd = _pos;
        StringBuilder? s = null;
        var trailing = Trailing();
        trailing.Clear();
        while (true)
        {
            if (_col == 0 && ((At(0) == '-' && At(1) == '-' && At(2) == '-') || (At(0) == '.' && At(1) == '.' && At(2) == '.')) && IsBlankZ(At(3)))
            {
                throw Error("while scanning a quoted scalar", start, "found unexpected document indicator");
            }

            if (AtEnd)
            {
                throw Error("while scanning a quoted scalar", start, "found unexpected end of stream");
            }

            var leadingBlanks = false;
            while (!IsBlankZ(At(0)))
            {
                var c = At(0);
                if (single && c == '\'' && At(1) == '\'')
                {
                    s ??= Cook(valueStart, valueEnd);
                    s.Append('\'');
                    Skip();
                    Skip();
                }
                else if (single ? c == '\'' : c == '"')
                {
                    break;
                }
                else if (!single && c == '\\' && IsBreak(At(1)))
                {
                    s ??= Cook(valueStart, valueEnd);
                    Skip();
                    SkipLine();
                    leadingBlanks = true;
                    break;
                }
                else if (!single && c == '\\')
                {
                    s ??= Cook(valueStart, valueEnd);
                    ScanEscape(s, start);
                }
                else
                {
                    var p = _pos;
                    Skip();
                    if (s is null)
                    {
                        valueEnd = _pos;
                    }
                    else
                    {
                        s.Append(_text, p, _pos - p);
                    }
                }
            }

            if (At(0) == (single ? '\'' : '"'))
            {
                break;
            }

            var wsStart = _pos;
            var wsLength = 0;
            var leadingBreak = '\0';
            while (IsBlank(At(0)) || IsBreak(At(0)))
            {
                if (IsBlank(At(0)))
                {
                    if (!leadingBlanks)
                    {
                        wsLength++;
                    }

                    Skip();
                }
                else if (!leadingBlanks)
                {
                    wsLength = 0;
                    leadingBreak = ReadLine();
                    leadingBlanks = true;
                }
                else
                {
                    trailing.Append(ReadLine());
                }
            }

            if (leadingBlanks)
            {
                s ??= Cook(valueStart, valueEnd);
                Fold(s, leadingBreak, trailing);
            }
            else if (wsLength > 0)
            {
                if (s is null)
                {
                    valueEnd = wsStart + wsLength;
                }
                else
                {
                    s.Append(_text, wsStart, wsLength);
                }
            }
        }

        Skip();
        var style = single ? YamlTokenStyle.SingleQuoted : YamlTokenStyle.DoubleQuoted;
        return s is null
            ? new YamlToken(YamlTokenKind.Scalar, start, Mark, style, valueStart, valueEnd - valueStart)
            : new YamlToken(YamlTokenKind.Scalar, start, Mark, style, cooked: s.ToString());
    }

    private StringBuilder Cook(int valueStart, int valueEnd) => Builder().Append(_text, valueStart, valueEnd - valueStart);

    /// <summary>The folding rule shared by quoted and plain scalars: one LF between lines becomes a space.</summary>
    private static void Fold(StringBuilder s, char leadingBreak, StringBuilder trailing)
    {
        if (leadingBreak == '\n')
        {
            if (trailing.Length == 0)
            {
                s.Append(' ');
            }
            else
            {
                s.Append(trailing);
            }
        }
        else
        {
            if (leadingBreak != '\0')
            {
                s.Append(leadingBreak);
            }

            s.Append(trailing);
        }

        trailing.Clear();
    }

    private void ScanEscape(StringBuilder s, YamlMark start)
    {
        var codeLength = 0;
        switch (At(1))
        {
            case '0': s.Append('\0'); break;
            case 'a': s.Append('\a'); break;
            case 'b': s.Append('\b'); break;
            case 't' or '\t': s.Append('\t'); break;
            case 'n': s.Append('\n'); break;
            case 'v': s.Append('\v'); break;
            case 'f': s.Append('\f'); break;
            case 'r': s.Append('\r'); break;
            case 'e': s.Append('\u001B'); break;
            case ' ': s.Append(' '); break;
            case '"': s.Append('"'); break;
            case '\'': s.Append('\''); break;
            case '\\': s.Append('\\'); break;
            case 'N': s.Append('\u0085'); break;
            case '_': s.Append('\u00A0'); break;
            case 'L': s.Append('\u2028'); break;
            case 'P': s.Append('\u2029'); break;
            case 'x': codeLength = 2; break;
            case 'u': codeLength = 4; break;
            case 'U': codeLength = 8; break;
            default:
                throw Error("while parsing a quoted scalar", start, "found unknown escape character");
        }

        Skip();
        Skip();
        if (codeLength == 0)
        {
            return;
        }

        var value = 0;
        for (var k = 0; k < codeLength; k++)
        {
            if (!IsHex(At(k)))
            {
                throw Error("while parsing a quoted scalar", start, "did not find expected hexdecimal number");
            }

            value = (value << 4) + AsHex(At(k));
        }

        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
        {
            throw Error("while parsing a quoted scalar", start, "found invalid Unicode character escape code");
        }

        if (value <= 0xFFFF)
        {
            s.Append((char)value);
        }
        else
        {
            s.Append(char.ConvertFromUtf32(value));
        }

        for (var k = 0; k < codeLength; k++)
        {
            Skip();
        }
    }

    private YamlToken ScanPlainScalar()
    {
        var indent = _indent + 1;
        var start = Mark;
        var end = start;
        var valueStart = _pos;
        var valueEnd = _pos;
        StringBuilder? s = null;
        var trailing = Trailing();
        trailing.Clear();
        var leadingBlanks = false;
        var leadingBreak = '\0';
        var wsStart = 0;
        var wsLength = 0;
        while (true)
        {
            if (_col == 0 && ((At(0) == '-' && At(1) == '-' && At(2) == '-') || (At(0) == '.' && At(1) == '.' && At(2) == '.')) && IsBlankZ(At(3)))
            {
                break;
            }

            if (At(0) == '#')
            {
                break;
            }

            while (!IsBlankZ(At(0)))
            {
                var c = At(0);
                if ((c == ':' && IsBlankZ(At(1))) || (_flowLevel > 0 && (c is ',' or '[' or ']' or '{' or '}' || (c == '?' && IsBlankZ(At(1))))))
                {
                    break;
                }

                if (leadingBlanks)
                {
                    s ??= Cook(valueStart, valueEnd);
                    Fold(s, leadingBreak, trailing);
                    leadingBlanks = false;
                    wsLength = 0;
                }
                else if (wsLength > 0)
                {
                    s?.Append(_text, wsStart, wsLength);
                    wsLength = 0;
                }

                var p = _pos;
                Skip();
                if (s is null)
                {
                    valueEnd = _pos;
                }
                else
                {
                    s.Append(_text, p, _pos - p);
                }

                end = Mark;
            }

            if (!(IsBlank(At(0)) || IsBreak(At(0))))
            {
                break;
            }

            while (IsBlank(At(0)) || IsBreak(At(0)))
            {
                if (IsBlank(At(0)))
                {
                    if (leadingBlanks && _col < indent && At(0) == '\t')
                    {
                        throw Error("while scanning a plain scalar", start, "found a tab character that violates indentation");
                    }

                    if (!leadingBlanks)
                    {
                        if (wsLength == 0)
                        {
                            wsStart = _pos;
                        }

                        wsLength++;
                    }

                    Skip();
                }
                else if (!leadingBlanks)
                {
                    wsLength = 0;
                    leadingBreak = ReadLine();
                    leadingBlanks = true;
                }
                else
                {
                    trailing.Append(ReadLine());
                }
            }

            if (_flowLevel == 0 && _col < indent)
            {
                break;
            }
        }

        if (leadingBlanks)
        {
            _simpleKeyAllowed = true;
        }

        return s is null
            ? new YamlToken(YamlTokenKind.Scalar, start, end, YamlTokenStyle.Plain, valueStart, valueEnd - valueStart)
            : new YamlToken(YamlTokenKind.Scalar, start, end, YamlTokenStyle.Plain, cooked: s.ToString());
    }
}
