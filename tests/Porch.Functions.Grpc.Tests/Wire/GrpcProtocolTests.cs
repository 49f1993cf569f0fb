using Porch.Functions.Grpc.Internal;
using Porch.Functions.Grpc.Wire;

namespace Porch.Functions.Grpc.Tests.Wire;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData(50, "50000000n")]
    [InlineData(300, "300000u")]
    [InlineData(5_000, "5000000u")]
    [InlineData(120_000, "120000m")]
    [InlineData(300_000_000, "300000S")]
    public void EncodeTimeout_Milliseconds_AtMostEightDigitsAndUnit(long milliseconds, string expected) =>
        Assert.Equal(expected, GrpcProtocol.EncodeTimeout(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("1H", 3_600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("3S", 3_000)]
    [InlineData("250m", 250)]
    [InlineData("1000u", 1)]
    [InlineData("99999999n", 100)]
    public void TryParseTimeout_EachUnit_Parsed(string value, double milliseconds)
    {
        Assert.True(GrpcProtocol.TryParseTimeout(value, out var timeout));
        Assert.Equal(milliseconds, timeout.TotalMilliseconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5s")]
    [InlineData("123456789S")]
    [InlineData("-5S")]
    public void TryParseTimeout_Malformed_False(string value) => Assert.False(GrpcProtocol.TryParseTimeout(value, out _));

    [Fact]
    public void EncodeTimeout_ParsedBack_NotShorter()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var timeout = TimeSpan.FromTicks(random.NextInt64(1, TimeSpan.FromDays(30).Ticks));
            Assert.True(GrpcProtocol.TryParseTimeout(GrpcProtocol.EncodeTimeout(timeout), out var parsed));
            Assert.True(parsed >= timeout && parsed - timeout <= TimeSpan.FromTicks(Math.Max(timeout.Ticks / 50_000, 1)), $"{timeout} became {parsed}");
        }
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("\u00e9chec \u2014 ok", "%C3%A9chec %E2%80%94 ok")]
    public void EncodeMessage_PercentEncodesOutsidePrintableAscii(string message, string expected)
    {
        Assert.Equal(expected, GrpcProtocol.EncodeMessage(message));
        Assert.Equal(message, GrpcProtocol.DecodeMessage(expected));
    }

    [Theory]
    [InlineData("100%", "100%")]
    [InlineData("bad %zz escape", "bad %zz escape")]
    [InlineData("%4", "%4")]
    public void DecodeMessage_MalformedEscape_KeptAsIs(string value, string expected) => Assert.Equal(expected, GrpcProtocol.DecodeMessage(value));

    [Fact]
    public void BinaryHeader_UnpaddedAndPadded_BothDecode()
    {
        byte[] value = [1, 2, 3, 4, 5];
        var encoded = GrpcProtocol.EncodeBinaryHeader(value);

        Assert.DoesNotContain('=', encoded);
        Assert.Equal(value, GrpcProtocol.DecodeBinaryHeader(encoded));
        Assert.Equal(value, GrpcProtocol.DecodeBinaryHeader(Convert.ToBase64String(value)));
        Assert.Null(GrpcProtocol.DecodeBinaryHeader("***"));
    }

    [Fact]
    public async Task ReadSingleMessageAsync_Frame_ReturnsMessage()
    {
        using var stream = new MemoryStream(GrpcProtocol.Frame([9, 8, 7]));

        Assert.Equal([9, 8, 7], await GrpcProtocol.ReadSingleMessageAsync(stream, 10, isResponse: true, CancellationToken.None));
    }

    [Fact]
    public async Task ReadSingleMessageAsync_EmptyStream_Null()
    {
        using var stream = new MemoryStream();

        Assert.Null(await GrpcProtocol.ReadSingleMessageAsync(stream, 10, isResponse: true, CancellationToken.None));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 11 }, (int)GrpcStatusCode.ResourceExhausted)]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0 }, (int)GrpcStatusCode.Internal)]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 1 }, (int)GrpcStatusCode.Internal)]
    [InlineData(new byte[] { 0, 0, 0 }, (int)GrpcStatusCode.Internal)]
    [InlineData(new byte[] { 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0 }, (int)GrpcStatusCode.Internal)]
    public async Task ReadSingleMessageAsync_BadFrame_Status(byte[] bytes, int code)
    {
        using var stream = new MemoryStream(bytes);

        var ex = await Assert.ThrowsAsync<GrpcStatusException>(() => GrpcProtocol.ReadSingleMessageAsync(stream, 10, isResponse: true, CancellationToken.None));
        Assert.Equal((GrpcStatusCode)code, ex.StatusCode);
    }

    [Theory]
    [InlineData(300, "300ms")]
    [InlineData(1500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(300_000, "5m0s")]
    [InlineData(3_600_000, "1h0m0s")]
    public void GoDuration_Format_LikeGo(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void GrpcStatusException_GoText_LikeGrpcGo() =>
        Assert.Equal("rpc error: code = NotFound desc = gone", new GrpcStatusException(GrpcStatusCode.NotFound, "gone").GoText);
}
