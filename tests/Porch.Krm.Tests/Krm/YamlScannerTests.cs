using Porch.Krm.Yaml;
using K = Porch.Krm.Yaml.YamlTokenKind;

namespace Porch.Krm.Tests.Krm;

/// <summary>
/// The go-yaml v3 scanner port (<c>scannerc.go</c>): each test is named after the rule it pins, with go-yaml's token
/// stream, values and error texts and marks (1-based lines).
/// </summary>
public sealed class YamlScannerTests
{
    private static List<YamlToken> Scan(string text)
    {
        var scanner = new YamlScanner(text);
        var tokens = new List<YamlToken>();
        while (scanner.Next(out var token))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    private static K[] Kinds(string text) => Scan(text).Select(t => t.Kind).ToArray();

    private static string[] Scalars(string text) => Scan(text).Where(t => t.Kind == K.Scalar).Select(t => t.Value(text)).ToArray();

    private static YamlScannerException Fails(string text) => Assert.Throws<YamlScannerException>(() => Scan(text));

    [Fact]
    public void FetchValue_SimpleKey_KeyAndBlockMappingStartInsertedBeforeTheKey()
    {
        Assert.Equal(
            [K.StreamStart, K.BlockMappingStart, K.Key, K.Scalar, K.Value, K.Scalar, K.BlockEnd, K.StreamEnd],
            Kinds("a: b\n"));
    }

    [Fact]
    public void UnrollIndent_OneBlockEndPerClosedLevel()
    {
        Assert.Equal(
            [K.StreamStart, K.BlockMappingStart, K.Key, K.Scalar, K.Value, K.BlockMappingStart, K.Key, K.Scalar, K.Value, K.Scalar, K.BlockEnd, K.Key, K.Scalar, K.Value, K.Scalar, K.BlockEnd, K.StreamEnd],
            Kinds("a:\n  b: c\nd: e\n"));
    }

    [Fact]
    public void FetchBlockEntry_AtTheKeysColumn_NoBlockSequenceStart()
    {
        Assert.Equal(
            [K.StreamStart, K.BlockMappingStart, K.Key, K.Scalar, K.Value, K.BlockEntry, K.Scalar, K.BlockEntry, K.Scalar, K.BlockEnd, K.StreamEnd],
            Kinds("a:\n- b\n- c\n"));
    }

    [Fact]
    public void FetchFlowCollection_KeysInsideFlowLevels()
    {
        Assert.Equal(
            [K.StreamStart, K.FlowMappingStart, K.Key, K.Scalar, K.Value, K.FlowSequenceStart, K.Scalar, K.FlowEntry, K.Scalar, K.FlowSequenceEnd, K.FlowMappingEnd, K.StreamEnd],
            Kinds("{a: [b, c]}"));
    }

    [Fact]
    public void SimpleKey_MustNotSpanLines_MultiLinePlainScalarBeforeColon_MappingValuesNotAllowed()
    {
        var ex = Fails("key: value\n  other: 1\n");
        Assert.Equal("mapping values are not allowed in this context", ex.Problem);
        Assert.Equal(2, ex.ProblemMark.Line);
    }

    [Fact]
    public void SimpleKey_RequiredAtTheIndentation_WithoutColon_ContextIsTheKey()
    {
        var ex = Fails("a: 1\nb: 2\nc\n");
        Assert.Equal("while scanning a simple key", ex.Context);
        Assert.Equal("could not find expected ':'", ex.Problem);
        Assert.Equal(3, ex.ContextMark.Line);
        Assert.Equal(1, ex.ContextMark.Column);
    }

    [Fact]
    public void SimpleKey_MoreThan1024CharactersBeforeColon_IsNoKey()
    {
        var ex = Fails("x" + new string('y', 1100) + ": v\n");
        Assert.Equal("mapping values are not allowed in this context", ex.Problem);
    }

    [Fact]
    public void SimpleKey_Within1024Characters_IsAKey()
    {
        var key = "x" + new string('y', 1000);
        Assert.Equal([key, "v"], Scalars(key + ": v\n"));
    }

    [Fact]
    public void FetchBlockEntry_AfterAFlowScalar_NotAllowed()
    {
        var ex = Fails("x: 'a' - b\n");
        Assert.Equal("block sequence entries are not allowed in this context", ex.Problem);
    }

    [Fact]
    public void FetchKey_AfterAFlowScalar_NotAllowed()
    {
        var ex = Fails("x: 'a' ? b\n");
        Assert.Equal("mapping keys are not allowed in this context", ex.Problem);
    }

    [Fact]
    public void FetchNextToken_ReservedIndicator_CannotStartAnyToken()
    {
        var ex = Fails("a: 1\nb: `x\n");
        Assert.Equal("while scanning for the next token", ex.Context);
        Assert.Equal("found character that cannot start any token", ex.Problem);
        Assert.Equal(2, ex.ProblemMark.Line);
    }

    [Fact]
    public void ScanToNextToken_TabIndentingAKey_CannotStartAnyToken()
    {
        var ex = Fails("a:\n\tb: c\n");
        Assert.Equal("found character that cannot start any token", ex.Problem);
        Assert.Equal(2, ex.ProblemMark.Line);
    }

    [Fact]
    public void ScanComments_TabIndentedCommentAfterAComment_Consumed()
    {
        // go-yaml v3's scan_comments consumes the comment lines after a full-line comment, tabs before them included.
        Assert.Equal(["a", "1", "b", "2"], Scalars("a: 1\n# x\n\t# y\nb: 2\n"));
    }

    [Fact]
    public void ScanPlainScalar_TabInContinuationIndentation_ViolatesIndentation()
    {
        var ex = Fails("a: 1\n\tb: 2\n");
        Assert.Equal("while scanning a plain scalar", ex.Context);
        Assert.Equal("found a tab character that violates indentation", ex.Problem);
        Assert.Equal(2, ex.ProblemMark.Line);
    }

    [Fact]
    public void ScanPlainScalar_SingleLine_ValueIsARangeOfTheText()
    {
        var text = "key: some value\n";
        var tokens = Scan(text).Where(t => t.Kind == K.Scalar).ToList();
        Assert.All(tokens, t => Assert.True(t.IsRange));
        Assert.Equal("some value", tokens[1].Value(text));
    }

    [Fact]
    public void ScanPlainScalar_LineFolding_OneBreakIsASpaceMoreAreKept()
    {
        Assert.Equal(["a", "x y\nz"], Scalars("a: x\n  y\n\n  z\n"));
    }

    [Fact]
    public void ScanPlainScalar_ColonWithoutSpace_PartOfTheScalar()
    {
        Assert.Equal(["image", "nginx:1.14"], Scalars("image: nginx:1.14\n"));
    }

    [Fact]
    public void ScanPlainScalar_FlowIndicatorsEndItInFlowContextOnly()
    {
        Assert.Equal(["a", "b]c"], Scalars("a: b]c\n"));
        Assert.Equal(["a", "b"], Scalars("[a, b]"));
    }

    [Fact]
    public void ScanPlainScalar_HashWithoutSpace_PartOfTheScalar()
    {
        Assert.Equal(["a", "b#c"], Scalars("a: b#c # d\n"));
    }

    [Fact]
    public void ScanFlowScalar_SingleQuoted_DoubledQuoteAndFolding()
    {
        Assert.Equal(["a", "it's a b"], Scalars("a: 'it''s a\n  b'\n"));
    }

    [Fact]
    public void ScanFlowScalar_DoubleQuoted_Escapes()
    {
        Assert.Equal(["a", "x\ty\u00e9A\U0001F600\u0085\u00a0 \"\\"], Scalars("a: \"x\\ty\\u00e9\\x41\\U0001F600\\N\\_\\ \\\"\\\\\"\n"));
    }

    [Fact]
    public void ScanFlowScalar_DoubleQuoted_EscapedLineBreakJoinsWithoutSpace()
    {
        Assert.Equal(["a", "xy"], Scalars("a: \"x\\\n   y\"\n"));
    }

    [Fact]
    public void ScanFlowScalar_DoubleQuoted_BlankLineKeptAsBreak()
    {
        Assert.Equal(["a", "x\ny"], Scalars("a: \"x\n\n  y\"\n"));
    }

    [Fact]
    public void ScanFlowScalar_UnknownEscape_ContextIsTheOpeningQuote()
    {
        var ex = Fails("a: 1\nb: \"\\/\"\n");
        Assert.Equal("while parsing a quoted scalar", ex.Context);
        Assert.Equal("found unknown escape character", ex.Problem);
        Assert.Equal(2, ex.ContextMark.Line);
        Assert.Equal(4, ex.ContextMark.Column);
    }

    [Fact]
    public void ScanFlowScalar_BadHexDigits_ExpectedHexdecimalNumber()
    {
        Assert.Equal("did not find expected hexdecimal number", Fails("a: \"\\x4g\"\n").Problem);
    }

    [Fact]
    public void ScanFlowScalar_SurrogateCodePoint_InvalidUnicodeEscape()
    {
        Assert.Equal("found invalid Unicode character escape code", Fails("a: \"\\ud800\"\n").Problem);
    }

    [Fact]
    public void ScanFlowScalar_Unterminated_UnexpectedEndOfStreamOnTheLastLine()
    {
        var ex = Fails("a: \"x\n");
        Assert.Equal("found unexpected end of stream", ex.Problem);
        Assert.Equal(2, ex.ProblemMark.Line);
    }

    [Fact]
    public void ScanFlowScalar_DocumentIndicatorInside_Error()
    {
        Assert.Equal("found unexpected document indicator", Fails("a: 'x\n--- y'\n").Problem);
    }

    [Fact]
    public void BlockScalar_ClipChomping_OneFinalBreak()
    {
        Assert.Equal(["a", "x\ny\n"], Scalars("a: |\n  x\n  y\n\n\n"));
    }

    [Fact]
    public void BlockScalar_StripChomping_NoFinalBreak()
    {
        Assert.Equal(["a", "x"], Scalars("a: |-\n  x\n\n"));
    }

    [Fact]
    public void BlockScalar_KeepChomping_AllTrailingBreaks()
    {
        Assert.Equal(["a", "x\n\n\n", "b"], Scalars("a: |+\n  x\n\n\nb: c\n").Take(3).ToArray());
    }

    [Fact]
    public void BlockScalar_IndentationIndicator_ExtraSpacesKept()
    {
        Assert.Equal(["a", "  x\n y\n"], Scalars("a: |1\n   x\n  y\n"));
    }

    [Fact]
    public void BlockScalar_IndentationIndicatorZero_Error()
    {
        var ex = Fails("a: |0\n  x\n");
        Assert.Equal("while scanning a block scalar", ex.Context);
        Assert.Equal("found an indentation indicator equal to 0", ex.Problem);
    }

    [Fact]
    public void BlockScalar_Folded_LinesJoinedMoreIndentedKept()
    {
        Assert.Equal(["a", "x y\nz\n  w\n"], Scalars("a: >\n  x\n  y\n\n  z\n    w\n"));
    }

    [Fact]
    public void BlockScalar_TextAfterIndicator_ExpectedCommentOrLineBreak()
    {
        Assert.Equal("did not find expected comment or line break", Fails("a: | x\n").Problem);
    }

    [Fact]
    public void BlockScalar_HeaderComment_KeptAfterTheScalarToken()
    {
        var text = "a: | # c\n  x\n";
        var scanner = new YamlScanner(text);
        var tokens = new List<YamlToken>();
        while (scanner.Next(out var token))
        {
            tokens.Add(token);
        }

        Assert.Single(scanner.Comments);
        Assert.Equal(" c", scanner.Comments[0].Value(text));
        Assert.Equal(K.Scalar, tokens[scanner.CommentTokenNumbers[0] - 1].Kind);
    }

    [Fact]
    public void ScanComments_EachCommentWithTheTokensBeforeIt()
    {
        var text = "# head\na: b # line\n";
        var scanner = new YamlScanner(text);
        var tokens = new List<YamlToken>();
        while (scanner.Next(out var token))
        {
            tokens.Add(token);
        }

        Assert.Equal(2, scanner.Comments.Count);
        Assert.Equal(1, scanner.Comments[0].Start.Line);
        Assert.Equal(K.StreamStart, tokens[scanner.CommentTokenNumbers[0] - 1].Kind);
        Assert.Equal(6, scanner.Comments[1].Start.Column);
        Assert.Equal("b", tokens[scanner.CommentTokenNumbers[1] - 1].Value(text));
    }

    [Fact]
    public void ScanAnchor_NameOfAlphanumericsDashAndUnderscore()
    {
        var text = "a: &x-1_y b\nc: *x-1_y\n";
        var tokens = Scan(text);
        Assert.Equal("x-1_y", tokens.Single(t => t.Kind == K.Anchor).Value(text));
        Assert.Equal("x-1_y", tokens.Single(t => t.Kind == K.Alias).Value(text));
    }

    [Fact]
    public void ScanAnchor_Dot_ExpectedAlphabeticOrNumeric()
    {
        var ex = Fails("a: &x.y 1\n");
        Assert.Equal("while scanning an anchor", ex.Context);
        Assert.Equal("did not find expected alphabetic or numeric character", ex.Problem);
        Assert.Equal("while scanning an alias", Fails("a: *x.y\n").Context);
    }

    [Fact]
    public void ScanTag_ShorthandVerbatimAndNonSpecific_RawText()
    {
        var text = "a: !!str b\nc: !<tag:x,2000:y> d\ne: ! f\ng: !local h\n";
        Assert.Equal(["!!str", "!<tag:x,2000:y>", "!", "!local"], Scan(text).Where(t => t.Kind == K.Tag).Select(t => t.Value(text)).ToArray());
    }

    [Fact]
    public void ScanTag_BadUriEscape_Error()
    {
        var ex = Fails("a: !x%zz b\n");
        Assert.Equal("while parsing a tag", ex.Context);
        Assert.Equal("did not find URI escaped octet", ex.Problem);
    }

    [Fact]
    public void ScanTag_EmptySecondaryHandle_ExpectedTagUri()
    {
        Assert.Equal("did not find expected tag URI", Fails("a: !! b\n").Problem);
    }

    [Fact]
    public void ScanDirective_YamlVersionAndTag()
    {
        var tokens = Scan("%YAML 1.1\n%TAG !e! tag:e.com,2000:\n--- !e!x a\n");
        var version = tokens.Single(t => t.Kind == K.VersionDirective);
        Assert.Equal((1, 1), (version.ValueStart, version.ValueLength));
        Assert.Single(tokens, t => t.Kind == K.TagDirective);
        Assert.Single(tokens, t => t.Kind == K.DocumentStart);
    }

    [Fact]
    public void ScanDirective_Unknown_Error()
    {
        Assert.Equal("found unknown directive name", Fails("%FOO bar\n---\na\n").Problem);
        Assert.Equal("found extremely long version number", Fails("%YAML 1.123\n---\na\n").Problem);
    }

    [Fact]
    public void ScanToNextToken_ByteOrderMarkAtLineStart_Skipped()
    {
        Assert.Equal(["a", "b"], Scalars("\uFEFFa: b\n"));
    }

    [Fact]
    public void FetchDocumentIndicator_StartAndEnd()
    {
        Assert.Equal([K.StreamStart, K.DocumentStart, K.Scalar, K.DocumentEnd, K.StreamEnd], Kinds("---\na\n...\n"));
    }

    [Fact]
    public void Marks_OneBasedLinesAndColumns()
    {
        var tokens = Scan("a:\n  b: c\n").Where(t => t.Kind == K.Scalar).ToList();
        Assert.Equal(new YamlMark(5, 2, 3), tokens[1].Start);
        Assert.Equal(new YamlMark(9, 2, 7), tokens[2].End);
    }
}
