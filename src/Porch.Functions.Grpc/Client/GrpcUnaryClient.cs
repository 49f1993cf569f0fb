using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using Porch.Functions.Grpc.Wire;

namespace Porch.Functions.Grpc.Client;

/// <summary>
/// Unary gRPC calls over one shared HTTP/2 connection (<see cref="SocketsHttpHandler"/>): h2c with prior knowledge
/// for <c>http://</c> addresses, TLS with ALPN for <c>https://</c>. Every failure surfaces as a
/// <see cref="GrpcStatusException"/> carrying the gRPC status a gRPC library would report.
/// </summary>
internal sealed class GrpcUnaryClient : IDisposable
{
    private const string UserAgent = "grpc-porch-dotnet/0.1";
    private readonly HttpClient _http;
    private readonly Uri _address;
    private readonly int _maxSendSize;
    private readonly int _maxReceiveSize;

    public GrpcUnaryClient(Uri address, int maxSendSize, int maxReceiveSize, HttpMessageHandler? handler = null)
    {
        _address = address;
        _maxSendSize = maxSendSize;
        _maxReceiveSize = maxReceiveSize;
        handler ??= new SocketsHttpHandler
        {
            // One connection carries every concurrent call as its own stream, as a gRPC channel does.
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            // Trailers may carry status details; the limit is in KiB.
            MaxResponseHeadersLength = 1024,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Calls <paramref name="method"/> (<c>/package.Service/Method</c>) once.</summary>
    /// <param name="method">The method path.</param>
    /// <param name="request">The request message.</param>
    /// <param name="parser">Parses the response message.</param>
    /// <param name="timeout">Sent as <c>grpc-timeout</c>; the caller enforces it through <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the stream is reset).</param>
    /// <exception cref="GrpcStatusException">The call did not end with OK.</exception>
    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, TimeSpan? timeout, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var size = request.CalculateSize();
        if (size > _maxSendSize)
        {
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"grpc: trying to send message larger than max ({size} vs. {_maxSendSize})");
        }

        var frame = new byte[GrpcProtocol.PrefixLength + size];
        GrpcProtocol.WritePrefix(frame, size);
        request.WriteTo(frame.AsSpan(GrpcProtocol.PrefixLength));

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation("user-agent", UserAgent);
        message.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, "identity");
        if (timeout is { } t)
        {
            message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.EncodeTimeout(t));
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw FromTransport(ex);
        }

        using (response)
        {
            return await ReadResponseAsync(response, parser, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<TResponse> ReadResponseAsync<TResponse>(HttpResponseMessage response, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = (int)response.StatusCode;
            throw new GrpcStatusException(GrpcProtocol.FromHttpStatus(code), $"unexpected HTTP status code received from server: {code} ({response.ReasonPhrase})");
        }

        // A "Trailers-Only" response puts the status in the headers.
        if (Status(response.Headers) is { } early)
        {
            throw early.Code == GrpcStatusCode.OK
                ? new GrpcStatusException(GrpcStatusCode.Internal, "server closed the stream without sending a response message")
                : new GrpcStatusException(early.Code, early.Message, early.Details);
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"unexpected content-type \"{contentType}\" of a gRPC response");
        }

        if (response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings) && encodings.Any(e => e != "identity"))
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "grpc: the server answered with an encoding this client did not offer: " + string.Join(",", encodings));
        }

        byte[]? payload;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                payload = await GrpcProtocol.ReadSingleMessageAsync(body, _maxReceiveSize, isResponse: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException ex)
        {
            throw FromTransport(ex);
        }
        catch (IOException ex) when (ex.InnerException is HttpProtocolException or HttpRequestException or null)
        {
            throw FromTransport(ex);
        }

        var status = Status(response.TrailingHeaders)
            ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "server closed the stream without sending trailers");
        if (status.Code != GrpcStatusCode.OK)
        {
            throw new GrpcStatusException(status.Code, status.Message, status.Details);
        }

        if (payload is null)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "cardinality violation: received no response message from non-streaming RPC");
        }

        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "grpc: failed to unmarshal the received message: " + ex.Message, innerException: ex);
        }
    }

    private static (GrpcStatusCode Code, string Message, byte[]? Details)? Status(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statuses))
        {
            return null;
        }

        var text = statuses.FirstOrDefault();
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return (GrpcStatusCode.Unknown, $"malformed grpc-status \"{text}\"", null);
        }

        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages) ? GrpcProtocol.DecodeMessage(messages.FirstOrDefault()) : "";
        var details = headers.TryGetValues(GrpcProtocol.StatusDetailsHeader, out var detailValues) ? GrpcProtocol.DecodeBinaryHeader(detailValues.FirstOrDefault()) : null;
        var code = value <= (int)GrpcStatusCode.Unauthenticated ? (GrpcStatusCode)value : GrpcStatusCode.Unknown;
        return (code, message, details);
    }

    /// <summary>Maps a transport failure to grpc-go's status: a connection that could not be made or was lost is UNAVAILABLE.</summary>
    private static GrpcStatusException FromTransport(Exception ex)
    {
        var protocol = ex as HttpProtocolException ?? ex.InnerException as HttpProtocolException;
        if (protocol is not null)
        {
            // RST_STREAM / GOAWAY error codes (RFC 9113 section 7) as gRPC maps them.
            var code = protocol.ErrorCode switch
            {
                0x7 => GrpcStatusCode.Unavailable,   // REFUSED_STREAM: never processed, safe to retry
                0x8 => GrpcStatusCode.Canceled,      // CANCEL
                0xb => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
                0xc => GrpcStatusCode.PermissionDenied,  // INADEQUATE_SECURITY
                _ => GrpcStatusCode.Internal,
            };
            return new GrpcStatusException(code, $"stream terminated by RST_STREAM with error code: {protocol.ErrorCode}", innerException: ex);
        }

        var socket = ex.InnerException as SocketException ?? ex.InnerException?.InnerException as SocketException;
        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } || socket is not null)
        {
            return new GrpcStatusException(GrpcStatusCode.Unavailable,
                $"connection error: desc = \"transport: Error while dialing: {socket?.Message ?? ex.InnerException?.Message ?? ex.Message}\"", innerException: ex);
        }

        return new GrpcStatusException(GrpcStatusCode.Unavailable, "error reading from server: " + (ex.InnerException?.Message ?? ex.Message), innerException: ex);
    }
}
