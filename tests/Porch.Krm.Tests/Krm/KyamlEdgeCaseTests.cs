using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

/// <summary>Read + write edge cases, each named after the go-yaml / kyaml rule that decides the bytes.</summary>
public sealed class KyamlEdgeCaseTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // readerc.go yaml_parser_determine_encoding runs per decoder, and kyaml makes one decoder per chunk.
        { "DetermineEncoding_BomAtStartOfLaterDocument", "kind: A\n---\n\uFEFFkind: B\n", "kind: A\n---\nkind: B\n" },

        // emitterc.go yaml_emitter_select_scalar_style: an empty plain scalar with properties stays plain in block context.
        { "SelectScalarStyle_TaggedEmptyPlain", "kind: A\na: !!null\nb: !!null ~\nc: !!str\n", "kind: A\na: !!null\nb: !!null ~\nc: !!str\n" },
        { "SelectScalarStyle_TaggedEmptyItem", "kind: A\nl:\n- !!null\n- x\n", "kind: A\nl:\n- !!null\n- x\n" },
        { "SelectScalarStyle_AnchoredEmptyPlain", "kind: A\na: &x\nb: *x\n", "kind: A\na: &x\nb: *x\n" },

        // decode.go parser.node: an explicit tag is kept (TaggedStyle), so `!!merge <<` stays.
        { "ParserNode_ExplicitMergeTagKept", "a: &x {k: v}\nb:\n  !!merge <<: *x\n", "a: &x {k: v}\nb:\n  !!merge <<: *x\n" },

        // decode.go parser.anchor: the anchor is registered when its node starts, so an alias inside it is known.
        { "ParserAnchor_AliasAfterAnchorInSameDocument", "kind: A\na: &x 1\nl: [*x]\n", "kind: A\na: &x 1\nl: [*x]\n" },

        // decode.go Decoder.Decode: kyaml decodes once per chunk; what follows the first document's root is never parsed.
        { "DecoderDecode_TrailingContentNotParsed", "[1]\nb: 2\n", "[1]\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_EdgeCase_KyamlBytes(string rule, string input, string expected)
    {
        var actual = KrmYaml.Format(input, "f.yaml");
        Assert.True(expected == actual, $"{rule}: expected\n{Escape(expected)}\ngot\n{Escape(actual)}");
    }

    /// <summary>
    /// emitterc.go: only an empty scalar that carries a tag or an anchor is left bare after its properties; an empty
    /// string without properties needs quotes to stay a string (`a: ""`), as kpt writes KptRevisionMetadata's apiVersion.
    /// </summary>
    [Fact]
    public void SelectScalarStyle_EmptyStringWithoutProperties_IsQuoted()
    {
        var document = KrmYaml.ReadDocument("kind: A\na: x\n");
        document.Root.Set("a", YamlNode.String(""));

        Assert.Equal("kind: A\na: \"\"\n", KrmYaml.WriteDocuments([document]));
    }

    [Fact]
    public void ByteWriter_JsonFileWithTopLevelArray_WrittenWithItsWrappingKey()
    {
        // kyaml wraps a bare sequence under bareSeqNodeWrappingKey to annotate it; a lone resource of a .json file is
        // encoded as JSON before the wrapper is taken off (format spec 3.3 quirk).
        var files = new Dictionary<string, string> { ["f.json"] = "[{\"kind\": \"A\", \"apiVersion\": \"v1\"}]\n" };
        var written = PackageResources.Read(files).Write(files);
        Assert.Equal("{\n  \"bareSeqNodeWrappingKey\": [\n    {\n      \"apiVersion\": \"v1\",\n      \"kind\": \"A\"\n    }\n  ]\n}\n", written["f.json"]);
    }

    [Fact]
    public void ByteReader_YamlSyntaxInJsonFile_ReadAsYamlWrittenAsJson()
    {
        // kyaml reads every resource file with the YAML decoder (go-yaml v3 still reads 010 as the YAML 1.1 octal 8); the
        // .json name only decides the output encoding.
        var files = new Dictionary<string, string> { ["f.json"] = "kind: A # c\napiVersion: v1\ndata:\n  b: yes\n  a: 010\n" };
        var written = PackageResources.Read(files).Write(files);
        Assert.Equal("{\n  \"apiVersion\": \"v1\",\n  \"data\": {\n    \"a\": 8,\n    \"b\": \"yes\"\n  },\n  \"kind\": \"A\"\n}\n", written["f.json"]);
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);

    [Fact]
    public void SplitDocuments_AnchorsArePerChunk_AliasInLaterDocumentRefused()
    {
        // Each chunk has its own decoder and so its own anchor table.
        var ex = Assert.Throws<KrmYamlException>(() => KrmYaml.ReadDocuments("a: &x 1\n---\nb: *x\n", "f.yaml"));
        Assert.Equal("yaml: unknown anchor 'x' referenced", ex.Problem);
        Assert.Equal(3, ex.Line);
    }
}
