// Longer than ~500 lines on purpose: one reader: kyaml's document splitting, YAML node construction and the error
// texts share state that would only be passed around if split.
using System.Buffers;
using System.Globalization;
using System.Text;
using Porch.Krm.Yaml;
using T = Porch.Krm.Yaml.YamlTokenKind;

namespace Porch.Krm;

/// <summary>
/// Reads a file the way kpt's <c>kio.ByteReader</c> does: documents cut textually at <c>---</c> lines, one YAML
/// document per chunk parsed with comments, empty documents skipped, sequence indentation detected per chunk.
/// </summary>
internal static class KyamlReader
{
    public static List<YamlDocument> Read(string text, string? filePath) => Read(text, filePath, cutDocuments: true);

    /// <summary>
    /// Reads a file's bytes: decoded as go-yaml's reader decodes them. UTF-16 text is one chunk, because kyaml looks for
    /// its <c>---</c> lines in the raw bytes, where UTF-16 never has them: only its first document is read.
    /// </summary>
    public static List<YamlDocument> Read(ReadOnlySpan<byte> content, string? filePath)
    {
        var (text, problem) = GoYamlErrors.Decode(content, out var isUtf16);
        if (text is null)
        {
            throw new KrmYamlException(filePath, 0, 0, GoYamlErrors.Prefix + problem);
        }

        return Read(text, filePath, cutDocuments: !isUtf16);
    }

    private static List<YamlDocument> Read(string text, string? filePath, bool cutDocuments)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Normalize(text);
        var documents = new List<YamlDocument>();
        foreach (var (rawChunk, firstLine) in cutDocuments ? Split(text, filePath) : [(text, 1)])
        {
            // Each chunk goes to a fresh go-yaml decoder, whose reader consumes a byte-order mark at the start of its input.
            var chunk = rawChunk.Length > 0 && rawChunk[0] == '\uFEFF' ? rawChunk[1..] : rawChunk;
            CheckCharacters(chunk, firstLine, filePath);
            var doc = new ChunkParser(chunk, firstLine, filePath).Parse();
            if (doc is not null)
            {
                doc.SequenceIndent = SequenceIndentDetector.Detect(chunk);
                documents.Add(doc);
            }
        }

        return documents;
    }

    /// <summary>TAB, LF, CR and printable ASCII: the characters the reader check lets through without a closer look.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create("\t\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>
    /// go-yaml's reader check (<c>readerc.go</c>, <c>yaml_parser_update_buffer</c>): only TAB, LF, CR, printable ASCII,
    /// NEL and the printable Unicode ranges may appear; anything else is a reader error, reported without a line.
    /// </summary>
    private static void CheckCharacters(string chunk, int firstLine, string? filePath)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        for (var i = 0; i < chunk.Length; i++)
        {
            // Printable ASCII and line breaks, nearly all of a YAML file, are skipped a vector at a time.
            var ascii = chunk.AsSpan(i).IndexOfAnyExcept(PlainAscii);
            if (ascii < 0)
            {
                return;
            }

            i += ascii;
            var c = chunk[i];
            if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < chunk.Length && char.IsLowSurrogate(chunk[i + 1]))
            {
                i++;
                continue;
            }

            var line = firstLine + chunk.AsSpan(0, i).Count('\n');
            throw new KrmYamlException(filePath, line, 0, GoYamlErrors.Prefix + (char.IsSurrogate(c) ? GoYamlErrors.InvalidUnicodeCharacter : GoYamlErrors.ControlCharacters));
        }
    }

    /// <summary>
    /// kyaml's text when a document root or <c>metadata</c> is not a mapping (<c>ErrorIfInvalid</c>, kyaml/yaml/fns.go):
    /// the node's kind and the node written as YAML.
    /// </summary>
    internal static string WrongNodeKind(YamlNode node)
    {
        var kind = node.Kind switch
        {
            YamlNodeKind.Mapping => "MappingNode",
            YamlNodeKind.Sequence => "SequenceNode",
            YamlNodeKind.Alias => "AliasNode",
            _ => "ScalarNode",
        };
        string contents;
        try
        {
            contents = KyamlWriter.Write([new YamlDocument(node.Clone())]);
        }
        catch (KrmYamlException)
        {
            contents = node.Value + "\n";
        }

        return "wrong node kind: expected MappingNode but got " + kind + ": node contents:\n" + contents;
    }

    /// <summary>CR LF and lone CR become LF; a leading byte-order mark is dropped.</summary>
    internal static string Normalize(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        return text;
    }

    /// <summary>Cuts the text at separator lines as kyaml does (§2.2 of the format spec).</summary>
    private static List<(string Chunk, int FirstLine)> Split(string text, string? filePath)
    {
        var chunks = new List<(string, int)>();
        var chunkStart = 0;
        var chunkFirstLine = 1;
        var line = 1;
        var pos = 0;
        while (pos < text.Length)
        {
            var nl = text.IndexOf('\n', pos);
            var lineEnd = nl < 0 ? text.Length : nl;
            if (pos > 0 && nl >= 0 && lineEnd - pos >= 3 && string.CompareOrdinal(text, pos, "---", 0, 3) == 0)
            {
                var rest = text.AsSpan(pos + 3, lineEnd - pos - 3).Trim();
                if (!rest.IsEmpty && rest[0] != '#')
                {
                    throw new KrmYamlException(filePath, line, 1, "invalid document separator: " + text.AsSpan(pos, lineEnd - pos).Trim().ToString());
                }

                chunks.Add((text[chunkStart..pos], chunkFirstLine));
                chunkStart = nl + 1;
                chunkFirstLine = line + 1;
            }

            if (nl < 0)
            {
                break;
            }

            pos = nl + 1;
            line++;
        }

        chunks.Add((text[chunkStart..], chunkFirstLine));
        return chunks;
    }

    private enum Role : byte
    {
        None,
        ScalarNode,
        KeyAwaitingValue,
        Dash,
        FlowEntry,
        Properties,
        FlowStart,
        FlowEnd,
        Other,
    }

    private sealed class ChunkParser
    {
        private readonly string _text;
        private readonly int _lineOffset;
        private readonly string? _filePath;
        [ThreadStatic]
        private static Scratch? s_scratch;

        private Scratch _scratch = null!;
        private List<(YamlToken Comment, int PrevToken)> _comments = null!;
        private List<Entry> _entries = null!;
        private List<YamlNode> _children = null!;
        private (int[] Starts, int[] Entries)? _entriesStartingOnLine;
        private (int[] Starts, int[] Covering)? _entriesByLine;
        private List<YamlToken> _tokens = null!;
        private YamlNode?[] _roleNodes = [];
        private Role[] _roles = [];
        private int _roleCount;
        private int[]? _lineStarts;
        private int _lineCount;
        private HashSet<string>? _anchors;
        private int _pos;
        private int _depth;

        public ChunkParser(string text, int firstLine, string? filePath)
        {
            _text = text;
            _lineOffset = firstLine - 1;
            _filePath = filePath;
        }

        /// <summary>Where each line starts, counted on first use (errors, block scalars and comments need lines).</summary>
        private int[] LineStarts
        {
            get
            {
                if (_lineStarts is null)
                {
                    _lineCount = _text.AsSpan().Count('\n') + 1;
                    var starts = ArrayPool<int>.Shared.Rent(_lineCount);
                    starts[0] = 0;
                    var at = 0;
                    for (var l = 1; l < _lineCount; l++)
                    {
                        at = _text.IndexOf('\n', at) + 1;
                        starts[l] = at;
                    }

                    _lineStarts = starts;
                }

                return _lineStarts;
            }
        }

        private int LineCount
        {
            get
            {
                _ = LineStarts;
                return _lineCount;
            }
        }

        private YamlToken Current => _tokens[_pos];

        public YamlDocument? Parse()
        {
            // The working lists are kept per thread between chunks: a package reads many small files, and a large
            // document's lists would otherwise land on the large object heap each time.
            _scratch = s_scratch ?? new Scratch();
            s_scratch = null;
            _tokens = _scratch.Tokens;
            _comments = _scratch.Comments;
            _entries = _scratch.Entries;
            _children = _scratch.Children;
            try
            {
                return ParseTokens();
            }
            finally
            {
                ReturnRoles();
                if (_lineStarts is not null)
                {
                    ArrayPool<int>.Shared.Return(_lineStarts);
                    _lineStarts = null;
                }

                if (_scratch.Reset())
                {
                    s_scratch = _scratch;
                }
            }
        }

        /// <summary>The lists a chunk's parse works in, emptied for the next chunk on the same thread.</summary>
        private sealed class Scratch
        {
            private const int MaxKept = 1 << 16;

            public List<YamlToken> Tokens { get; } = new(256);

            public List<(YamlToken Comment, int PrevToken)> Comments { get; } = new();

            public List<Entry> Entries { get; } = new();

            /// <summary>The children of the collections being parsed, innermost last (each collection takes its run at its end).</summary>
            public List<YamlNode> Children { get; } = new();

            /// <summary>Empties the lists; false when one grew too large to keep.</summary>
            public bool Reset()
            {
                Tokens.Clear();
                Comments.Clear();
                Entries.Clear();
                Children.Clear();
                return Tokens.Capacity <= MaxKept && Entries.Capacity <= MaxKept && Comments.Capacity <= MaxKept && Children.Capacity <= MaxKept;
            }
        }

        private void ReturnRoles()
        {
            if (_roleCount > 0)
            {
                ArrayPool<Role>.Shared.Return(_roles);
                Array.Clear(_roleNodes, 0, _roleCount);
                ArrayPool<YamlNode?>.Shared.Return(_roleNodes);
                _roles = [];
                _roleNodes = [];
                _roleCount = 0;
            }
        }

        private YamlDocument? ParseTokens()
        {
            Scan();
            // One role per token, in pooled arrays: a large file's arrays would otherwise land on the large object heap.
            _roleCount = _tokens.Count;
            _roles = ArrayPool<Role>.Shared.Rent(_roleCount);
            Array.Clear(_roles, 0, _roleCount);
            _roleNodes = ArrayPool<YamlNode?>.Shared.Rent(_roleCount);
            if (Current.Kind is T.StreamStart)
            {
                _pos++;
            }

            var directives = false;
            while (Current.Kind is T.VersionDirective or T.TagDirective)
            {
                // parserc.go, yaml_parser_process_directives: only %YAML 1.1 is compatible.
                if (Current.Kind is T.VersionDirective && !(Current.ValueStart == 1 && Current.ValueLength == 1))
                {
                    throw ParserError(0, Current.Start, GoYamlErrors.IncompatibleDocument);
                }

                directives = true;
                _pos++;
            }

            if (directives && !(Current.Kind is T.DocumentStart && Current.End.I() > Current.Start.I()))
            {
                // parserc.go, yaml_parser_parse_document_start: directives open an explicit document, which needs its
                // "---" in the same chunk (kyaml cuts the file at "---" lines, so a directive above one is alone).
                throw ParserError(0, Current.Start, GoYamlErrors.DocumentStart);
            }

            if (Current.Kind is T.DocumentStart)
            {
                _pos++;
            }

            if (Current.Kind is T.StreamEnd or T.DocumentEnd)
            {
                return null;
            }

            YamlNode? root;
            try
            {
                root = ParseNode(isKey: false, parentIndent: 0);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw Error(_tokens[^1].Start, "unexpected end of YAML", ex);
            }

            // Whatever follows the first document's root in the chunk is never parsed: kyaml calls the decoder once.
            if (root is null || root.IsNull)
            {
                return null;
            }

            if (root.Kind == YamlNodeKind.Scalar || root.Kind == YamlNodeKind.Alias)
            {
                // kyaml sets its reader annotations on the root (ErrorIfInvalid in kyaml/yaml/fns.go).
                throw new KrmYamlException(_filePath, root.Line + _lineOffset, root.Column, WrongNodeKind(root));
            }

            var doc = new YamlDocument(root);
            AttachComments(doc);
            return doc;
        }

        private void Scan()
        {
            var scanner = new YamlScanner(_text);
            try
            {
                ScanTokens(scanner);
            }
            finally
            {
                scanner.Release();
            }
        }

        private void ScanTokens(YamlScanner scanner)
        {
            try
            {
                var documentsSeen = 0;
                var nesting = 0;
                var sawContent = false;
                while (scanner.Next(out var token))
                {
                    // Collections opened and not yet closed: never more than the parser will count, and counted here
                    // so that a deeply nested text stops before the scanner's per-level work adds up.
                    if (token.Kind is T.FlowSequenceStart or T.FlowMappingStart or T.BlockMappingStart or T.BlockSequenceStart)
                    {
                        if (++nesting > KrmLimits.MaxDepth)
                        {
                            throw Error(token.Start, KrmLimits.MaxDepthProblem);
                        }
                    }
                    else if (token.Kind is T.FlowSequenceEnd or T.FlowMappingEnd or T.BlockEnd)
                    {
                        nesting--;
                    }

                    if (token.Kind == T.DocumentStart)
                    {
                        documentsSeen++;

                        // Only the first document of a chunk is read (kyaml decodes one document per chunk).
                        if (documentsSeen > 1 || sawContent)
                        {
                            _tokens.Add(new YamlToken(T.StreamEnd, token.Start, token.End));
                            break;
                        }
                    }
                    else if (token.Kind == T.DocumentEnd)
                    {
                        _tokens.Add(new YamlToken(T.StreamEnd, token.Start, token.End));
                        break;
                    }
                    else if (token.Kind is T.Scalar or T.BlockMappingStart or T.BlockSequenceStart or T.FlowMappingStart or T.FlowSequenceStart)
                    {
                        sawContent = true;
                    }

                    _tokens.Add(token);
                }
            }
            catch (YamlScannerException ex)
            {
                throw ScannerError(ex);
            }

            if (_tokens.Count == 0 || _tokens[^1].Kind is not T.StreamEnd)
            {
                _tokens.Add(new YamlToken(T.StreamEnd, default, default));
            }

            // Comments scanned before the token the reader stopped at; each knows the token before it.
            var last = _tokens.Count - 1;
            var comments = scanner.Comments;
            var numbers = scanner.CommentTokenNumbers;
            for (var i = 0; i < comments.Count; i++)
            {
                if (numbers[i] <= last)
                {
                    _comments.Add((comments[i], numbers[i] - 1));
                }
            }
        }

        /// <summary>A scanner error in go-yaml's words and with its line (<c>parser.fail</c>).</summary>
        private KrmYamlException ScannerError(YamlScannerException ex)
        {
            var contextLine = ex.ContextMark.Line;
            var problemLine = ex.ProblemMark.Line;
            var line = contextLine > 1 ? contextLine : Math.Max(1, problemLine);
            var column = contextLine > 1 ? ex.ContextMark.Column : ex.ProblemMark.Column;
            return new KrmYamlException(_filePath, line + _lineOffset, column, GoYamlErrors.Format(scanner: true, contextLine, problemLine, ex.Problem), ex);
        }

        /// <summary>A parser error: go-yaml names the line of the collection being parsed (0-based), else of the token.</summary>
        private KrmYamlException ParserError(int contextLine, YamlMark problem, string text) =>
            new(_filePath, Math.Max(1, problem.L()) + _lineOffset, problem.C(), GoYamlErrors.Format(scanner: false, contextLine, problem.L(), text));

        private KrmYamlException Error(YamlMark mark, string problem, Exception? inner = null) =>
            new(_filePath, mark.L() <= 0 ? Math.Max(1, LineCount) + _lineOffset : mark.L() + _lineOffset, mark.L() <= 0 ? 0 : mark.C(), problem, inner);

        /// <summary>Counts one more level of nesting; go-yaml's text past <see cref="KrmLimits.MaxDepth"/>.</summary>
        private void Enter(YamlToken token)
        {
            if (++_depth > KrmLimits.MaxDepth)
            {
                throw Error(token.Start, KrmLimits.MaxDepthProblem);
            }
        }

        private void SetRole(int tokenIndex, Role role, YamlNode node)
        {
            _roles[tokenIndex] = role;
            _roleNodes[tokenIndex] = node;
        }

        private YamlNode? ParseNode(bool isKey, int parentIndent, bool indentless = false)
        {
            string? anchor = null;
            string? tag = null;
            var propsStart = -1;
            while (Current.Kind is T.Anchor or T.Tag)
            {
                if (propsStart < 0)
                {
                    propsStart = _pos;
                }

                if (Current.Kind is T.Anchor)
                {
                    anchor = Current.Value(_text);

                    // decode.go registers an anchor when its node starts, so aliases inside the node already see it.
                    (_anchors ??= new HashSet<string>(StringComparer.Ordinal)).Add(anchor);
                }
                else
                {
                    var t = Current;
                    tag = _text.Substring(t.Start.I(), t.End.I() - t.Start.I());
                }

                _pos++;
            }

            var startToken = Current;
            // parserc.go yaml_parser_parse_node: a "-" at the key's column opens an indentless sequence only as a block mapping value.
            var collection = Current.Kind is T.BlockMappingStart or T.BlockSequenceStart or T.FlowMappingStart or T.FlowSequenceStart || (Current.Kind is T.BlockEntry && indentless);
            if (collection)
            {
                Enter(Current);
            }

            YamlNode node;
            var current = Current;
            switch (current.Kind)
            {
                case T.BlockMappingStart:
                    node = ParseBlockMapping();
                    break;
                case T.BlockSequenceStart:
                    node = ParseBlockSequence();
                    break;
                case T.BlockEntry when indentless:
                    node = ParseIndentlessSequence();
                    break;
                case T.FlowMappingStart:
                    node = ParseFlowMapping();
                    break;
                case T.FlowSequenceStart:
                    node = ParseFlowSequence();
                    break;
                case T.Scalar:
                    node = YamlNode.Scalar(current.IsRange ? ScalarTextCache.Get(current.ValueSpan(_text)) : current.Value(_text), current.Style switch
                    {
                        YamlTokenStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
                        YamlTokenStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
                        YamlTokenStyle.Literal => YamlScalarStyle.Literal,
                        YamlTokenStyle.Folded => YamlScalarStyle.Folded,
                        _ => YamlScalarStyle.Plain,
                    });
                    node.Line = current.Start.L();
                    node.Column = current.Start.C();
                    node.EndLine = ScalarEndLine(current);
                    SetRole(_pos, Role.ScalarNode, node);
                    _pos++;
                    break;
                case T.Alias:
                    var aliasName = current.Value(_text);
                    if (_anchors is null || !_anchors.Contains(aliasName))
                    {
                        // decode.go, parser.alias: no line in the text.
                        throw new KrmYamlException(_filePath, current.Start.L() + _lineOffset, current.Start.C(), GoYamlErrors.Prefix + "unknown anchor '" + aliasName + "' referenced");
                    }

                    node = YamlNode.Alias(aliasName);
                    node.Line = current.Start.L();
                    node.Column = current.Start.C();
                    node.EndLine = current.End.L();
                    SetRole(_pos, Role.ScalarNode, node);
                    _pos++;
                    break;
                default:
                    if (anchor is null && tag is null)
                    {
                        return null;
                    }

                    // Properties with no content: an empty scalar carrying them.
                    node = YamlNode.Scalar("", YamlScalarStyle.Plain);
                    var prev = _tokens[_pos - 1];
                    node.Line = prev.Start.L();
                    node.Column = prev.Start.C();
                    node.EndLine = prev.End.L();
                    break;
            }

            if (collection)
            {
                _depth--;
            }

            node.Anchor = anchor;
            node.Tag = tag;
            if (propsStart >= 0)
            {
                for (var i = propsStart; i < propsStart + (anchor is null ? 0 : 1) + (tag is null ? 0 : 1); i++)
                {
                    SetRole(i, Role.Properties, node);
                }

                if (node.Kind is YamlNodeKind.Scalar or YamlNodeKind.Alias || node.IsFlow)
                {
                    var first = _tokens[propsStart];
                    node.Line = first.Start.L();
                    node.Column = first.Start.C();
                }
            }

            _ = startToken;
            _ = parentIndent;
            return node;
        }

        private int ScalarEndLine(in YamlToken s)
        {
            if (s.Style is not (YamlTokenStyle.Literal or YamlTokenStyle.Folded))
            {
                return s.End.L();
            }

            // Block scalars' tokens run over trailing blank lines; their content ends at the last non-blank line.
            var last = s.End.C() == 1 ? s.End.L() - 1 : s.End.L();
            while (last > s.Start.L() && LineText(last).IsWhiteSpace())
            {
                last--;
            }

            return last;
        }

        private ReadOnlySpan<char> LineText(int line)
        {
            var starts = LineStarts;
            if (line < 1 || line > _lineCount)
            {
                return default;
            }

            var start = starts[line - 1];
            var end = line < _lineCount ? starts[line] - 1 : _text.Length;
            return _text.AsSpan(start, end - start);
        }

        /// <summary>Gives <paramref name="collection"/> the children parsed since <paramref name="mark"/>, in a list of their exact size.</summary>
        private void TakeChildren(YamlNode collection, int mark)
        {
            collection.SetChildren(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_children)[mark..]);
            _children.RemoveRange(mark, _children.Count - mark);
        }

        private YamlNode ParseBlockMapping()
        {
            var map = YamlNode.Mapping();
            var start = Current;
            map.Line = start.Start.L();
            map.Column = start.Start.C();
            var mark = _children.Count;
            _pos++;
            while (true)
            {
                switch (Current.Kind)
                {
                    case T.BlockEnd:
                        _pos++;
                        TakeChildren(map, mark);
                        map.EndLine = LastEndLine(map, start.Start.L());
                        return map;
                    case T.Key:
                        ParseMappingEntry(map, block: true);
                        break;
                    case T.Value:
                        // An entry with an empty key (": v").
                        AddEntry(map, EmptyScalarAt(Current), block: true);
                        break;
                    default:
                        throw ParserError(start.Start.L(), Current.Start, "did not find expected key");
                }
            }
        }

        private void ParseMappingEntry(YamlNode map, bool block)
        {
            var keyToken = Current;
            _pos++;
            var key = ParseNode(isKey: true, parentIndent: 0) ?? EmptyScalarAt(keyToken);
            if (keyToken.End.I() > keyToken.Start.I())
            {
                // Explicit "? key": the key's position is that of the "?" for comment purposes.
                key.Line = keyToken.Start.L();
                key.Column = keyToken.Start.C();
            }

            AddEntry(map, key, block);
        }

        private void AddEntry(YamlNode map, YamlNode key, bool block)
        {
            YamlNode? value = null;
            if (Current.Kind is T.Value)
            {
                SetRole(_pos, Role.KeyAwaitingValue, key);
                _pos++;
                if (block)
                {
                    CheckBlockNodeContent();
                }

                if (Current.Kind is not (T.Key or T.BlockEnd or T.FlowEntry or T.FlowMappingEnd or T.FlowSequenceEnd or T.StreamEnd or T.DocumentEnd or T.DocumentStart or T.Value))
                {
                    value = ParseNode(isKey: false, parentIndent: key.Column, indentless: block);
                }
            }

            value ??= EmptyScalarAt(_tokens[_pos - 1]);
            if (value.Line == 0)
            {
                value.Line = key.Line;
                value.Column = key.Column;
                value.EndLine = key.EndLine;
            }

            _children.Add(key);
            _children.Add(value);
            if (block)
            {
                _entries.Add(new Entry(key, value, key.Line, key.Column, IsItem: false));
            }
        }

        /// <summary>parserc.go, yaml_parser_parse_node: a flow indicator where a block node's content should be.</summary>
        private void CheckBlockNodeContent()
        {
            var at = _pos;
            while (_tokens[at].Kind is T.Anchor or T.Tag)
            {
                at++;
            }

            if (_tokens[at].Kind is T.FlowSequenceEnd or T.FlowMappingEnd or T.FlowEntry)
            {
                var start = _tokens[_pos].Start;
                throw ParserError(start.L(), _tokens[at].Start, "did not find expected node content");
            }
        }

        private static YamlNode EmptyScalarAt(YamlToken token)
        {
            var node = YamlNode.Scalar("", YamlScalarStyle.Plain);
            node.Line = token.Start.L();
            node.Column = token.Start.C();
            node.EndLine = token.End.L();
            return node;
        }

        private YamlNode ParseBlockSequence()
        {
            var seq = YamlNode.Sequence();
            var start = Current;
            seq.Line = start.Start.L();
            seq.Column = start.Start.C();
            var mark = _children.Count;
            _pos++;
            while (true)
            {
                switch (Current.Kind)
                {
                    case T.BlockEnd:
                        _pos++;
                        TakeChildren(seq, mark);
                        seq.EndLine = LastEndLine(seq, start.Start.L());
                        return seq;
                    case T.BlockEntry:
                        ParseSequenceItem(seq);
                        break;
                    default:
                        throw ParserError(start.Start.L(), Current.Start, "did not find expected '-' indicator");
                }
            }
        }

        private YamlNode ParseIndentlessSequence()
        {
            var seq = YamlNode.Sequence();
            seq.Line = Current.Start.L();
            seq.Column = Current.Start.C();
            var mark = _children.Count;
            while (Current.Kind is T.BlockEntry)
            {
                ParseSequenceItem(seq);
            }

            TakeChildren(seq, mark);
            seq.EndLine = LastEndLine(seq, seq.Line);
            return seq;
        }

        private void ParseSequenceItem(YamlNode seq)
        {
            var dash = Current;
            var dashIndex = _pos;
            _pos++;
            YamlNode? item = null;
            CheckBlockNodeContent();
            if (Current.Kind is not (T.BlockEntry or T.BlockEnd or T.StreamEnd or T.DocumentEnd or T.DocumentStart or T.Key or T.Value))
            {
                item = ParseNode(isKey: false, parentIndent: dash.Start.C());
            }

            item ??= EmptyScalarAt(dash);
            SetRole(dashIndex, Role.Dash, item);
            _children.Add(item);
            _entries.Add(new Entry(null, item, dash.Start.L(), dash.Start.C(), IsItem: true));
        }

        private YamlNode ParseFlowSequence()
        {
            var seq = YamlNode.Sequence();
            seq.IsFlow = true;
            seq.Line = Current.Start.L();
            seq.Column = Current.Start.C();
            SetRole(_pos, Role.FlowStart, seq);
            var mark = _children.Count;
            _pos++;
            // parserc.go, yaml_parser_parse_flow_sequence_entry: entries after the first must follow a ',', a trailing ',' is
            // allowed, and an entry that starts with no node content is an error.
            var first = true;
            while (Current.Kind is not T.FlowSequenceEnd)
            {
                if (!first)
                {
                    if (Current.Kind is not T.FlowEntry)
                    {
                        throw ParserError(seq.Line, Current.Start, "did not find expected ',' or ']'");
                    }

                    SetRole(_pos, Role.FlowEntry, _children[^1]);
                    _pos++;
                    if (Current.Kind is T.FlowSequenceEnd)
                    {
                        break;
                    }
                }

                first = false;
                if (Current.Kind is T.Key)
                {
                    // A single-pair mapping inside a flow sequence: [a: b].
                    var pair = YamlNode.Mapping();
                    pair.IsFlow = true;
                    pair.Line = Current.Start.L();
                    pair.Column = Current.Start.C();
                    Enter(Current);
                    var pairMark = _children.Count;
                    ParseMappingEntry(pair, block: false);
                    TakeChildren(pair, pairMark);
                    _depth--;
                    pair.EndLine = _tokens[_pos - 1].End.L();
                    _children.Add(pair);
                    continue;
                }

                _children.Add(ParseNode(isKey: false, parentIndent: 0) ?? throw NoFlowNodeContent());
            }

            TakeChildren(seq, mark);
            seq.EndLine = Current.End.L();
            SetRole(_pos, Role.FlowEnd, seq);
            _pos++;
            return seq;
        }

        private YamlNode ParseFlowMapping()
        {
            var map = YamlNode.Mapping();
            map.IsFlow = true;
            map.Line = Current.Start.L();
            map.Column = Current.Start.C();
            SetRole(_pos, Role.FlowStart, map);
            var mark = _children.Count;
            _pos++;
            // parserc.go, yaml_parser_parse_flow_mapping_key: the same rules as a flow sequence's entries.
            var first = true;
            while (Current.Kind is not T.FlowMappingEnd)
            {
                if (!first)
                {
                    if (Current.Kind is not T.FlowEntry)
                    {
                        throw ParserError(map.Line, Current.Start, "did not find expected ',' or '}'");
                    }

                    SetRole(_pos, Role.FlowEntry, _children[^1]);
                    _pos++;
                    if (Current.Kind is T.FlowMappingEnd)
                    {
                        break;
                    }
                }

                first = false;
                if (Current.Kind is T.Key)
                {
                    ParseMappingEntry(map, block: false);
                    continue;
                }

                AddEntry(map, ParseNode(isKey: true, parentIndent: 0) ?? throw NoFlowNodeContent(), block: false);
            }

            TakeChildren(map, mark);
            map.EndLine = Current.End.L();
            SetRole(_pos, Role.FlowEnd, map);
            _pos++;
            return map;
        }

        /// <summary>
        /// parserc.go, yaml_parser_parse_node: a flow entry that starts with no node (a ':' whose key could not be a simple
        /// key, say) is an error, never an empty node; reading on would add empty nodes without consuming a token.
        /// </summary>
        private KrmYamlException NoFlowNodeContent() => ParserError(Current.Start.L(), Current.Start, "did not find expected node content");

        private static int LastEndLine(YamlNode collection, int fallback)
        {
            var last = fallback;
            var children = collection.Children;
            for (var i = 0; i < children.Count; i++)
            {
                last = Math.Max(last, children[i].EndLine);
            }

            return last;
        }

        // ---------------------------------------------------------------- comments

        private void AttachComments(YamlDocument doc)
        {
            if (_comments.Count == 0)
            {
                return;
            }

            var contentLine = new bool[LineCount + 2];
            foreach (var token in _tokens)
            {
                if (token.Kind is T.BlockEnd or T.BlockMappingStart or T.BlockSequenceStart or T.StreamEnd or T.StreamStart or T.Key or T.DocumentEnd)
                {
                    continue;
                }

                var endLine = token.Kind is T.Scalar ? ScalarEndLine(token) : token.End.L();
                for (var l = token.Start.L(); l <= endLine && l < contentLine.Length; l++)
                {
                    contentLine[l] = true;
                }
            }

            // Full-line comments grouped by runs of comment and blank lines; inline comments attached by the token before them.
            var fullLine = new List<YamlToken>();
            var ordered = true;
            foreach (var (comment, prev) in _comments)
            {
                if (comment.Start.L() >= 1 && comment.Start.L() < contentLine.Length && contentLine[comment.Start.L()] && IsInlineComment(comment))
                {
                    AttachInline(comment, prev, doc);
                }
                else
                {
                    ordered &= fullLine.Count == 0 || fullLine[^1].Start.L() < comment.Start.L();
                    fullLine.Add(comment);
                }
            }

            if (!ordered)
            {
                // By line, the last comment of a line kept (the scanner reports them in text order, so this is a guard).
                var byLine = new SortedDictionary<int, YamlToken>();
                foreach (var comment in fullLine)
                {
                    byLine[comment.Start.L()] = comment;
                }

                fullLine = [.. byLine.Values];
            }

            var i = 0;
            while (i < fullLine.Count)
            {
                var groupStart = i;
                while (i + 1 < fullLine.Count && OnlyBlankBetween(fullLine[i].Start.L(), fullLine[i + 1].Start.L(), contentLine))
                {
                    i++;
                }

                var group = fullLine.GetRange(groupStart, i - groupStart + 1);
                AttachGroup(group, contentLine, doc);
                i++;
            }
        }

        private bool IsInlineComment(YamlToken comment)
        {
            var lineText = LineText(comment.Start.L());
            return !lineText[..Math.Min(comment.Start.C() - 1, lineText.Length)].Trim().IsEmpty;
        }

        private bool OnlyBlankBetween(int a, int b, bool[] contentLine)
        {
            for (var l = a + 1; l < b; l++)
            {
                if (contentLine[l] || !LineText(l).IsWhiteSpace())
                {
                    return false;
                }
            }

            return true;
        }

        private string CommentText(YamlToken comment)
        {
            var line = LineText(comment.Start.L());
            var col = comment.Start.C() - 1;
            return col >= 0 && col < line.Length ? line[col..].ToString() : "#" + comment.Value(_text);
        }

        private void AttachInline(YamlToken comment, int prevToken, YamlDocument doc)
        {
            var text = CommentText(comment);
            if (prevToken >= 0 && prevToken < _roleCount && _roles[prevToken] != Role.None)
            {
                var role = _roles[prevToken];
                var node = _roleNodes[prevToken]!;
                switch (role)
                {
                    case Role.ScalarNode or Role.FlowEnd or Role.Properties or Role.FlowEntry or Role.FlowStart:
                        node.LineComment = Join(node.LineComment, text);
                        return;
                    case Role.KeyAwaitingValue:
                        node.LineComment = Join(node.LineComment, text);
                        return;
                    case Role.Dash:
                        if (node.Kind == YamlNodeKind.Mapping && !node.IsFlow && node.Children.Count > 0)
                        {
                            var firstKey = node.Children[0];
                            firstKey.HeadComment = Join(text, firstKey.HeadComment);
                        }
                        else
                        {
                            node.LineComment = Join(node.LineComment, text);
                        }

                        return;
                }
            }

            // Anything else: keep it as a line comment of the innermost entry on that line.
            var target = doc.Root;
            for (var e = _entries.Count - 1; e >= 0; e--)
            {
                if (_entries[e].Line == comment.Start.L())
                {
                    target = _entries[e].Value;
                    break;
                }
            }

            target.LineComment = Join(target.LineComment, text);
        }

        private void AttachGroup(List<YamlToken> group, bool[] contentLine, YamlDocument doc)
        {
            var first = group[0].Start.L();
            var last = group[^1].Start.L();
            var column = group[0].Start.C();
            var prevContent = first - 1;
            while (prevContent >= 1 && !contentLine[prevContent])
            {
                prevContent--;
            }

            var nextContent = last + 1;
            while (nextContent < contentLine.Length && nextContent <= LineCount && !contentLine[nextContent])
            {
                nextContent++;
            }

            var hasNext = nextContent <= LineCount && nextContent < contentLine.Length && contentLine[nextContent];
            var blankBefore = prevContent >= 1 && first - prevContent > 1;
            var blankAfter = hasNext && nextContent - last > 1;

            if (prevContent < 1)
            {
                // Top of the document: split at the last blank line into document head and head of the first node.
                var split = blankAfter ? group.Count : LastBlankSplit(group);
                if (split > 0)
                {
                    doc.HeadComment = Join(doc.HeadComment, Render(group.GetRange(0, split)));
                }

                if (split < group.Count)
                {
                    var target = FirstEntryNode(doc.Root);
                    target.HeadComment = Join(Render(group.GetRange(split, group.Count - split)), target.HeadComment);
                }

                return;
            }

            if (!hasNext)
            {
                if (blankBefore)
                {
                    doc.FootComment = Join(doc.FootComment, Render(group));
                }
                else
                {
                    AttachFoot(Render(group), prevContent, column, endOfDocument: true, doc);
                }

                return;
            }

            var nextColumn = FirstNonSpace(LineText(nextContent)) + 1;
            if (nextColumn < column && ChainAt(prevContent).Exists(e => e.Column > nextColumn && e.Column <= column))
            {
                AttachFoot(Render(group), prevContent, column, endOfDocument: false, doc);
                return;
            }

            if (!blankBefore)
            {
                var split = FirstBlankSplit(group, blankAfter);
                if (split > 0)
                {
                    AttachFoot(Render(group.GetRange(0, split)), prevContent, column, endOfDocument: false, doc);
                    if (split == group.Count)
                    {
                        return;
                    }

                    group = group.GetRange(split, group.Count - split);
                }
            }

            AttachHeadOfNext(Render(group), nextContent, nextColumn, prevContent, column, doc);
        }

        private static int FirstNonSpace(ReadOnlySpan<char> line)
        {
            var i = 0;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            return i;
        }

        /// <summary>Index of the first comment after the last blank line in the group (0 when there is none).</summary>
        private static int LastBlankSplit(List<YamlToken> group)
        {
            for (var g = group.Count - 1; g > 0; g--)
            {
                if (group[g].Start.L() - group[g - 1].Start.L() > 1)
                {
                    return g;
                }
            }

            return 0;
        }

        /// <summary>Index after the comments before the first blank line; the whole group when it is followed by a blank line and has none inside.</summary>
        private static int FirstBlankSplit(List<YamlToken> group, bool blankAfter)
        {
            for (var g = 1; g < group.Count; g++)
            {
                if (group[g].Start.L() - group[g - 1].Start.L() > 1)
                {
                    return g;
                }
            }

            return blankAfter ? group.Count : 0;
        }

        private string Render(List<YamlToken> group)
        {
            var sb = new StringBuilder();
            for (var g = 0; g < group.Count; g++)
            {
                if (g > 0)
                {
                    sb.Append('\n');
                    if (group[g].Start.L() - group[g - 1].Start.L() > 1)
                    {
                        sb.Append('\n');
                    }
                }

                sb.Append(CommentText(group[g]));
            }

            return sb.ToString();
        }

        private static YamlNode FirstEntryNode(YamlNode root) =>
            root.Kind == YamlNodeKind.Mapping && root.Children.Count > 0 && !root.IsFlow ? root.Children[0]
            : root.Kind == YamlNodeKind.Sequence && root.Children.Count > 0 && !root.IsFlow ? root.Children[0]
            : root;

        /// <summary>The entries (mapping keys and sequence items) whose span contains <paramref name="line"/>, outermost first.</summary>
        private List<Entry> ChainAt(int line)
        {
            var chain = new List<Entry>();
            if (line < 1)
            {
                foreach (var entry in _entries)
                {
                    if (entry.Line <= line && Math.Max(entry.Value.EndLine, entry.Line) >= line)
                    {
                        chain.Add(entry);
                    }
                }
            }
            else
            {
                // Through an index of the entries covering each line, made on first use: a walk over every entry for
                // every comment group would make a long document's comments quadratic.
                var (starts, covering) = _entriesByLine ??= IndexEntriesByLine();
                if (line + 1 < starts.Length)
                {
                    for (var k = starts[line]; k < starts[line + 1]; k++)
                    {
                        chain.Add(_entries[covering[k]]);
                    }
                }
            }

            chain.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
            return chain;
        }

        /// <summary>
        /// For each line, the entries whose span (first line to <c>max(EndLine, Line)</c>) covers it, in entry order:
        /// <c>Covering[Starts[l]..Starts[l + 1]]</c>. The size is the sum of the spans, the lines times the nesting depth.
        /// </summary>
        private (int[] Starts, int[] Covering) IndexEntriesByLine()
        {
            var lastLine = 0;
            foreach (var entry in _entries)
            {
                lastLine = Math.Max(lastLine, Math.Max(entry.Value.EndLine, entry.Line));
            }

            var starts = new int[lastLine + 2];
            foreach (var entry in _entries)
            {
                for (var l = Math.Max(entry.Line, 1); l <= Math.Max(entry.Value.EndLine, entry.Line); l++)
                {
                    starts[l + 1]++;
                }
            }

            for (var l = 1; l < starts.Length; l++)
            {
                starts[l] += starts[l - 1];
            }

            var covering = new int[starts[^1]];
            var next = (int[])starts.Clone();
            for (var e = 0; e < _entries.Count; e++)
            {
                var entry = _entries[e];
                for (var l = Math.Max(entry.Line, 1); l <= Math.Max(entry.Value.EndLine, entry.Line); l++)
                {
                    covering[next[l]++] = e;
                }
            }

            return (starts, covering);
        }

        private void AttachFoot(string text, int prevContent, int column, bool endOfDocument, YamlDocument doc)
        {
            var chain = ChainAt(prevContent);
            if (chain.Count == 0)
            {
                doc.FootComment = Join(doc.FootComment, text);
                return;
            }

            var index = chain.FindLastIndex(e => e.Column == column);
            if (index < 0)
            {
                index = chain.FindLastIndex(e => e.Column < column);
            }

            if (index < 0)
            {
                index = 0;
            }

            var entry = chain[index];
            if (entry.IsItem && entry.Value.Kind == YamlNodeKind.Mapping && !entry.Value.IsFlow && entry.Value.Children.Count > 0)
            {
                if (endOfDocument && index > 0)
                {
                    // At the end of a document the comment goes to the key that owns the sequence.
                    var owner = chain[index - 1];
                    var ownerNode = owner.Key ?? owner.Value;
                    ownerNode.FootComment = Join(ownerNode.FootComment, text);
                    return;
                }

                // Otherwise to the last key inside the item.
                var lastKey = entry.Value.Children[^2];
                lastKey.FootComment = Join(lastKey.FootComment, text);
                return;
            }

            var node = entry.Key ?? entry.Value;
            node.FootComment = Join(node.FootComment, text);
        }

        /// <summary>The first entry (in entry order) that starts at <paramref name="line"/> and <paramref name="column"/>, or -1.</summary>
        private int FirstEntryAt(int line, int column)
        {
            if (_entriesStartingOnLine is null)
            {
                // Entries by their first line, in entry order on each line (a counting sort).
                var lastLine = 0;
                foreach (var entry in _entries)
                {
                    lastLine = Math.Max(lastLine, entry.Line);
                }

                var starts = new int[lastLine + 2];
                foreach (var entry in _entries)
                {
                    if (entry.Line >= 1)
                    {
                        starts[entry.Line + 1]++;
                    }
                }

                for (var l = 1; l < starts.Length; l++)
                {
                    starts[l] += starts[l - 1];
                }

                var byLine = new int[starts[^1]];
                var next = (int[])starts.Clone();
                for (var e = 0; e < _entries.Count; e++)
                {
                    if (_entries[e].Line >= 1)
                    {
                        byLine[next[_entries[e].Line]++] = e;
                    }
                }

                _entriesStartingOnLine = (starts, byLine);
            }

            if (line < 1)
            {
                for (var e = 0; e < _entries.Count; e++)
                {
                    if (_entries[e].Line == line && _entries[e].Column == column)
                    {
                        return e;
                    }
                }

                return -1;
            }

            var (lineStarts, entries) = _entriesStartingOnLine.Value;
            if (line + 1 >= lineStarts.Length)
            {
                return -1;
            }

            for (var k = lineStarts[line]; k < lineStarts[line + 1]; k++)
            {
                if (_entries[entries[k]].Column == column)
                {
                    return entries[k];
                }
            }

            return -1;
        }

        private void AttachHeadOfNext(string text, int nextLine, int nextColumn, int prevContent, int column, YamlDocument doc)
        {
            // The first entry that starts there, found through an index made on first use (a document has many comment groups).
            var index = FirstEntryAt(nextLine, nextColumn);
            if (index < 0)
            {
                // Not the start of an entry (e.g. inside a flow collection): keep it as a foot of what came before.
                AttachFoot(text, prevContent, column, endOfDocument: false, doc);
                return;
            }

            var target = _entries[index];
            var node = target.Key ?? target.Value;
            node.HeadComment = Join(node.HeadComment, text);
        }

        private static string Join(string? a, string? b) =>
            string.IsNullOrEmpty(a) ? b ?? "" : string.IsNullOrEmpty(b) ? a : a + "\n" + b;
    }

    private static int L(this YamlMark mark) => mark.Line;

    private static int C(this YamlMark mark) => mark.Column;

    private static int I(this YamlMark mark) => mark.Index;

    private readonly record struct Entry(YamlNode? Key, YamlNode Value, int Line, int Column, bool IsItem);
}
