using System.Text;
using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

/// <summary>
/// Reader errors in go-yaml v3's words and line numbering, as kyaml's <c>ByteReader</c> returns them (one fresh decoder
/// per <c>---</c> chunk, so lines count from the chunk's start). Each case is named after the go-yaml function that
/// raises it; the line rule is <c>parser.fail</c> in decode.go: context mark first, scanner errors 1-based, parser
/// errors 0-based, the first line never named.
/// </summary>
public sealed class GoYamlErrorTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // scannerc.go yaml_simple_key_is_valid: a required simple key without ':'; context mark = the key (kpt-render/invalid-kptfile).
        { "ScanSimpleKey_RequiredKeyWithoutColon", "# Invalid Kptfile\napiVersion: kpt.dev/v1\nkslsls\n;s;s;s", "yaml: line 3: could not find expected ':'" },
        { "RemoveSimpleKey_AtStreamEnd", "x: 1\ny: 2\nz", "yaml: line 3: could not find expected ':'" },

        // scannerc.go yaml_parser_fetch_value: no simple key possible; on line 1 no line is named.
        { "FetchValue_FirstLine_NoLine", "a: b: c\n", "yaml: mapping values are not allowed in this context" },
        { "FetchValue_LaterLine", "x: 1\na: b: c\n", "yaml: line 2: mapping values are not allowed in this context" },
        { "FetchValue_MultilinePlainScalar", "key: value\n  other: 1\n", "yaml: line 2: mapping values are not allowed in this context" },

        // parserc.go yaml_parser_parse_block_mapping_key: parser error, 0-based line of the token when the mapping starts on line 1.
        { "ParseBlockMappingKey_SequenceEntry", "a: 1\n- b\n", "yaml: line 1: did not find expected key" },
        { "ParseBlockMappingKey_Dedent", "a:\n  b: 1\n c: 2\n", "yaml: line 2: did not find expected key" },
        { "ParseBlockSequenceEntry_Key", "- a\nb: c\n", "yaml: line 1: did not find expected '-' indicator" },
        { "ParseFlowSequenceEntry_Unclosed", "a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'" },
        { "ParseFlowMappingKey_Unclosed", "a: {x: 1\n", "yaml: line 1: did not find expected ',' or '}'" },
        { "ParseNode_FlowEndInBlock", "a: ]\n", "yaml: did not find expected node content" },
        { "ParseFlowSequenceEntry_EntryWithoutComma", "a: [b, [c] [d]]\n", "yaml: did not find expected ',' or ']'" },
        { "ParseFlowSequenceEntry_ValueWithoutKeyAfterMultiLineScalar", "a: [[x\n  b: c\n", "yaml: line 1: did not find expected ',' or ']'" },
        { "ParseFlowSequenceEntry_EmptyEntry", "a:\n- [b,\n  ,c]\n", "yaml: line 2: did not find expected node content" },
        { "ParseFlowMappingKey_EntryWithoutComma", "a: {x: [1] y: 2}\n", "yaml: did not find expected ',' or '}'" },

        // scannerc.go yaml_parser_scan_flow_scalar: context = the opening quote.
        { "ScanFlowScalar_EndOfStream", "a: \"unterminated\n", "yaml: line 2: found unexpected end of stream" },
        { "ScanFlowScalar_UnknownEscape", "a: \"\\q\"\n", "yaml: found unknown escape character" },
        { "ScanFlowScalar_SlashEscapeUnknownToGoYaml", "a: 1\nb: \"\\/\"\n", "yaml: line 2: found unknown escape character" },

        // scannerc.go yaml_parser_fetch_next_token: '@' and '`' are reserved.
        { "FetchNextToken_Reserved", "a: 1\nb: @x\n", "yaml: line 2: found character that cannot start any token" },
        { "ScanPlainScalar_TabIndentation", "a: 1\n\tb: 2\n", "yaml: line 2: found a tab character that violates indentation" },

        // scannerc.go yaml_parser_scan_anchor: ASCII letters, digits, '_' and '-' only.
        { "ScanAnchor_Dot", "a: 1\nb: &x.y 1\n", "yaml: line 2: did not find expected alphabetic or numeric character" },
        { "ScanAlias_Dot", "a: &x 1\nb: *x.y\n", "yaml: line 2: did not find expected alphabetic or numeric character" },

        // decode.go parser.alias: no line.
        { "ParserAlias_UnknownAnchor", "a: 1\nb: *missing\n", "yaml: unknown anchor 'missing' referenced" },
        { "ParserAlias_UsedBeforeItsAnchor", "a: *x\nb: &x 1\n", "yaml: unknown anchor 'x' referenced" },

        // parserc.go yaml_parser_process_directives and yaml_parser_parse_document_start.
        { "ProcessDirectives_Yaml12", "%YAML 1.2\n---\na: 1\n", "yaml: found incompatible YAML document" },
        { "ParseDocumentStart_TagDirectiveCutFromItsDocument", "%TAG ! tag:x,2000:\n---\nkind: A\n", "yaml: line 1: did not find expected <document start>" },

        // readerc.go yaml_parser_update_buffer: reader errors carry no line.
        { "UpdateBuffer_ControlCharacter", "a: 1\nb: \u0001\n", "yaml: control characters are not allowed" },

        // kyaml/yaml/fns.go ErrorIfInvalid: the reader annotations cannot be set on a scalar root.
        { "ErrorIfInvalid_ScalarRoot", "foo\n", "wrong node kind: expected MappingNode but got ScalarNode: node contents:\nfoo\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadDocuments_Malformed_GoYamlText(string rule, string input, string expected)
    {
        var ex = Assert.Throws<KrmYamlException>(() => KrmYaml.ReadDocuments(input, "f.yaml"));
        Assert.True(expected == ex.Problem, $"{rule}: expected\n{expected}\ngot\n{ex.Problem}");
        Assert.Equal("f.yaml", ex.FilePath);
    }

    [Fact]
    public void ByteReaderSplit_SecondChunk_LinesCountFromTheChunk()
    {
        // kyaml decodes each chunk with a fresh decoder: go-yaml's line 2 is the file's line 4.
        var ex = Assert.Throws<KrmYamlException>(() => KrmYaml.ReadDocuments("kind: A\n---\nx: 1\na: b: c\n", "f.yaml"));
        Assert.Equal("yaml: line 2: mapping values are not allowed in this context", ex.Problem);
        Assert.Equal(4, ex.Line);
    }

    /// <summary>
    /// go-yaml's reader check looks at every character: a control character or lone surrogate after a long run of plain
    /// text (many vector widths, past line breaks, and after a valid non-ASCII character) is found, on its own line.
    /// </summary>
    [Theory]
    [InlineData('\u0001', "yaml: control characters are not allowed")]
    [InlineData('\u007F', "yaml: control characters are not allowed")]
    [InlineData('\uD800', "yaml: invalid Unicode character")]
    public void UpdateBuffer_BadCharacterAfterLongPlainText_FoundOnItsLine(char bad, string expected)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            text.Append("key").Append(i).Append(": a value with some length, \u00e9 and \U0001F600 too\n");
        }

        text.Append("last: x").Append(bad).Append("y\n");

        var ex = Assert.Throws<KrmYamlException>(() => KrmYaml.ReadDocuments(text.ToString(), "f.yaml"));

        Assert.Equal(expected, ex.Problem);
        Assert.Equal(41, ex.Line);
    }

    [Fact]
    public void ErrorIfInvalid_MetadataScalar_KyamlText()
    {
        var files = new Dictionary<string, string> { ["f.yaml"] = "kind: A\nmetadata: foo\n" };
        var ex = Assert.Throws<KrmYamlException>(() => PackageResources.Read(files));
        Assert.Equal("wrong node kind: expected MappingNode but got ScalarNode: node contents:\nfoo\n", ex.Problem);
    }

    public static TheoryData<string, byte[], string> ByteCases() => new()
    {
        { "Utf8_IncompleteSequence", [.. "a: "u8, 0xE6, 0x97], "yaml: incomplete UTF-8 octet sequence" },
        { "Utf8_InvalidLeadingOctet", [.. "a: "u8, 0xFF, .. "\n"u8], "yaml: invalid leading UTF-8 octet" },
        { "Utf8_InvalidTrailingOctet", [.. "a: "u8, 0xC3, 0x28, .. "\n"u8], "yaml: invalid trailing UTF-8 octet" },
        { "Utf8_Overlong", [.. "a: "u8, 0xC0, 0xAF, .. "\n"u8], "yaml: invalid length of a UTF-8 sequence" },
        { "Utf8_Surrogate", [.. "a: "u8, 0xED, 0xA0, 0x80, .. "\n"u8], "yaml: invalid Unicode character" },
        { "Utf16_OddLength", [0xFF, 0xFE, (byte)'a', 0, (byte)':', 0, (byte)' ', 0, (byte)'b'], "yaml: incomplete UTF-16 character" },
        { "Utf16_LoneLowSurrogate", [0xFF, 0xFE, (byte)'a', 0, (byte)':', 0, (byte)' ', 0, 0x00, 0xDC], "yaml: unexpected low surrogate area" },
    };

    [Theory]
    [MemberData(nameof(ByteCases))]
    public void ReadDocumentsFromBytes_ReaderError_GoYamlText(string rule, byte[] input, string expected)
    {
        var ex = Assert.Throws<KrmYamlException>(() => KrmYaml.ReadDocumentsFromBytes(input, "f.yaml"));
        Assert.True(expected == ex.Problem, $"{rule}: expected {expected}, got {ex.Problem}");
    }

    [Fact]
    public void DetermineEncoding_Utf16LittleEndianWithBom_DecodedAndOneDocument()
    {
        // readerc.go yaml_parser_determine_encoding; kyaml looks for "\n---\n" in the raw bytes, which UTF-16 never has,
        // so the decoder sees one chunk and returns only its first document.
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("kind: A\r\nname: é\r\n---\r\nkind: B\r\n")).ToArray();
        var docs = KrmYaml.ReadDocumentsFromBytes(bytes, "f.yaml");
        Assert.Equal("kind: A\nname: é\n", KrmYaml.WriteDocuments(docs));
    }

    [Fact]
    public void DetermineEncoding_Utf16BigEndianWithBom_Decoded()
    {
        var bytes = new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes("kind: A\n")).ToArray();
        Assert.Equal("kind: A\n", KrmYaml.WriteDocuments(KrmYaml.ReadDocumentsFromBytes(bytes, "f.yaml")));
    }

    [Fact]
    public void DetermineEncoding_Utf8WithBom_MarkDropped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("kind: A\n---\nkind: B\n"u8.ToArray()).ToArray();
        Assert.Equal("kind: A\n---\nkind: B\n", KrmYaml.WriteDocuments(KrmYaml.ReadDocumentsFromBytes(bytes, "f.yaml")));
    }
}
