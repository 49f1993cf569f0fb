using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Porch.Functions.Grpc.Diagnostics;
using Porch.Functions.Grpc.Wire;

namespace Porch.Functions.Grpc.Hosting;

/// <summary>
/// Serves one unary gRPC call on an ASP.NET Core request: protocol and content-type checks, <c>grpc-timeout</c>, the
/// framed request within the size limit, the framed response and the <c>grpc-status</c> trailer; a failure is a
/// "Trailers-Only" response (status in the only HEADERS frame).
/// </summary>
internal static class GrpcServerCall
{
    public static async Task HandleAsync<TRequest, TResponse>(
        HttpContext context,
        MessageParser<TRequest> parser,
        Func<TRequest, CancellationToken, Task<TResponse>> handler,
        int maxMessageSize,
        ILogger logger)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        var httpResponse = context.Response;
        if (!HttpProtocol.IsHttp2(context.Request.Protocol) && !HttpProtocol.IsHttp3(context.Request.Protocol))
        {
            httpResponse.StatusCode = StatusCodes.Status426UpgradeRequired;
            WriteStatusHeaders(httpResponse, new GrpcStatusException(GrpcStatusCode.Internal, $"Request protocol '{context.Request.Protocol}' is not supported."));
            return;
        }

        if (!GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
        {
            httpResponse.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            WriteStatusHeaders(httpResponse, new GrpcStatusException(GrpcStatusCode.Internal, $"Content-Type '{context.Request.ContentType}' is not supported."));
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The frame prefix is checked against maxMessageSize before the message is read.
            bodySize.MaxRequestBodySize = null;
        }

        using var deadline = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        try
        {
            var encoding = context.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
            if (encoding.Length > 0 && encoding != "identity")
            {
                httpResponse.Headers[GrpcProtocol.AcceptEncodingHeader] = "identity";
                throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity");
            }

            var timeoutText = context.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
            if (timeoutText.Length > 0)
            {
                if (!GrpcProtocol.TryParseTimeout(timeoutText, out var timeout))
                {
                    throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed grpc-timeout: {timeoutText}");
                }

                deadline.CancelAfter(timeout > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : timeout);
            }

            var payload = await GrpcProtocol.ReadSingleMessageAsync(context.Request.Body, maxMessageSize, isResponse: false, linked.Token).ConfigureAwait(false)
                ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "grpc: no request message for a unary method");
            TRequest request;
            try
            {
                request = parser.ParseFrom(payload);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new GrpcStatusException(GrpcStatusCode.Internal, "grpc: error unmarshalling request: " + ex.Message, innerException: ex);
            }

            var response = await handler(request, linked.Token).ConfigureAwait(false);
            var size = response.CalculateSize();
            if (size > maxMessageSize)
            {
                throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"grpc: trying to send message larger than max ({size} vs. {maxMessageSize})");
            }

            httpResponse.StatusCode = StatusCodes.Status200OK;
            httpResponse.ContentType = GrpcProtocol.ContentType;
            var writer = httpResponse.BodyWriter;
            var span = writer.GetSpan(GrpcProtocol.PrefixLength + size);
            GrpcProtocol.WritePrefix(span, size);
            response.WriteTo(span.Slice(GrpcProtocol.PrefixLength, size));
            writer.Advance(GrpcProtocol.PrefixLength + size);
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            httpResponse.AppendTrailer(GrpcProtocol.StatusHeader, "0");
        }
        catch (GrpcStatusException ex) when (!httpResponse.HasStarted)
        {
            if (ex.StatusCode == GrpcStatusCode.ResourceExhausted || ex.InnerException is null)
            {
                logger.RequestRejected(ex.StatusCode.ToString(), ex.Detail);
            }

            WriteStatusHeaders(httpResponse, ex);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested && !httpResponse.HasStarted)
        {
            WriteStatusHeaders(httpResponse, new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, GrpcProtocol.DeadlineExceededMessage));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller reset the stream or went away: there is nobody to answer.
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !httpResponse.HasStarted)
        {
            // grpc-dotnet's answer to a handler that throws: UNKNOWN, without the exception's text.
            logger.HandlerThrew(context.Request.Path.Value ?? "", ex);
            WriteStatusHeaders(httpResponse, new GrpcStatusException(GrpcStatusCode.Unknown, "Exception was thrown by handler."));
        }
    }

    private static void WriteStatusHeaders(HttpResponse response, GrpcStatusException status)
    {
        if (response.StatusCode == StatusCodes.Status200OK || response.StatusCode == 0)
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage(status.Detail);
        if (status.StatusDetails is { } details)
        {
            response.Headers[GrpcProtocol.StatusDetailsHeader] = GrpcProtocol.EncodeBinaryHeader(details);
        }
    }
}
