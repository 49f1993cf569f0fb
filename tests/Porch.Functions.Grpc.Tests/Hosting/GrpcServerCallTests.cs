using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Functions.Grpc.Hosting;
using Porch.Functions.Grpc.Wire;

namespace Porch.Functions.Grpc.Tests.Hosting;

/// <summary>The request checks and failure answers of the server side of a unary call.</summary>
public sealed class GrpcServerCallTests
{
    [Fact]
    public async Task HandleAsync_HandlerThrows_UnknownWithoutTheExceptionText()
    {
        var context = Request();

        await GrpcServerCall.HandleAsync<Empty, Empty>(context, Empty.Parser, (_, _) => throw new InvalidOperationException("secret detail"), 1024, NullLogger.Instance);

        Assert.Equal(("2", "Exception was thrown by handler."), Status(context));
    }

    [Fact]
    public async Task HandleAsync_Http11_UpgradeRequiredAndInternal()
    {
        var context = Request(protocol: "HTTP/1.1");

        await GrpcServerCall.HandleAsync<Empty, Empty>(context, Empty.Parser, (_, _) => Task.FromResult(new Empty()), 1024, NullLogger.Instance);

        Assert.Equal(StatusCodes.Status426UpgradeRequired, context.Response.StatusCode);
        Assert.Equal(("13", "Request protocol 'HTTP/1.1' is not supported."), Status(context));
    }

    [Fact]
    public async Task HandleAsync_NotGrpcContentType_UnsupportedMediaType()
    {
        var context = Request(contentType: "application/json");

        await GrpcServerCall.HandleAsync<Empty, Empty>(context, Empty.Parser, (_, _) => Task.FromResult(new Empty()), 1024, NullLogger.Instance);

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, context.Response.StatusCode);
        Assert.Equal("13", Status(context).Code);
    }

    [Fact]
    public async Task HandleAsync_CompressedEncoding_Unimplemented()
    {
        var context = Request();
        context.Request.Headers[GrpcProtocol.EncodingHeader] = "gzip";

        await GrpcServerCall.HandleAsync<Empty, Empty>(context, Empty.Parser, (_, _) => Task.FromResult(new Empty()), 1024, NullLogger.Instance);

        Assert.Equal(("12", "Unsupported grpc-encoding value 'gzip'. Supported encodings: identity"), Status(context));
        Assert.Equal("identity", context.Response.Headers[GrpcProtocol.AcceptEncodingHeader].ToString());
    }

    [Fact]
    public async Task HandleAsync_MalformedTimeout_Internal()
    {
        var context = Request();
        context.Request.Headers[GrpcProtocol.TimeoutHeader] = "soon";

        await GrpcServerCall.HandleAsync<Empty, Empty>(context, Empty.Parser, (_, _) => Task.FromResult(new Empty()), 1024, NullLogger.Instance);

        Assert.Equal(("13", "malformed grpc-timeout: soon"), Status(context));
    }

    private static DefaultHttpContext Request(string protocol = "HTTP/2", string contentType = GrpcProtocol.ContentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(GrpcProtocol.Frame([]));
        return context;
    }

    private static (string Code, string Message) Status(HttpContext context) =>
        (context.Response.Headers[GrpcProtocol.StatusHeader].ToString(), GrpcProtocol.DecodeMessage(context.Response.Headers[GrpcProtocol.MessageHeader].ToString()));
}
