using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Logging;
using Porch.Functions.Grpc.Diagnostics;

namespace Porch.Functions.Grpc.Internal;

/// <summary>
/// The one <see cref="GrpcChannel"/> of a function runner address, configured from <see cref="GrpcFunctionRuntimeOptions"/>:
/// message size limits both ways, and retries of <c>UNAVAILABLE</c> only, by the channel's retry policy (service config).
/// </summary>
internal static class FunctionRunnerChannel
{
    /// <summary>The header grpc-dotnet puts on every retried attempt (gRFC A6).</summary>
    private const string PreviousAttemptsHeader = "grpc-previous-rpc-attempts";

    /// <summary>The most a channel buffers for retries across its calls: four calls of Porch's largest message.</summary>
    private const long MinRetryBufferSize = 16L * 1024 * 1024;

    public static GrpcChannel Create(Uri address, GrpcFunctionRuntimeOptions options, ILogger logger, ILoggerFactory? loggerFactory, out HttpMessageHandler? ownedHandler)
    {
        ownedHandler = null;
        var handler = options.HttpHandler;
        if (handler is null)
        {
            ownedHandler = handler = new SocketsHttpHandler
            {
                // One HTTP/2 connection carries the concurrent calls as streams, kept open between renders.
                EnableMultipleHttp2Connections = false,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                ConnectTimeout = TimeSpan.FromSeconds(20),
                UseProxy = false,
                UseCookies = false,
            };
        }

        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = new RetryLoggingHandler(handler, logger, address, options.MaxAttempts),
            // The runtime disposes the handler it made; a handler from the options belongs to whoever gave it.
            DisposeHttpClient = false,
            MaxSendMessageSize = options.MaxGrpcMessageSize,
            MaxReceiveMessageSize = options.MaxGrpcMessageSize,
            MaxRetryAttempts = options.MaxAttempts,
            // A request is retried only while it is buffered: one whole message per call, a few calls per channel.
            MaxRetryBufferPerCallSize = options.MaxGrpcMessageSize + 5,
            MaxRetryBufferSize = Math.Max(MinRetryBufferSize, 4L * (options.MaxGrpcMessageSize + 5)),
            ServiceConfig = options.MaxAttempts > 1 ? RetryConfig(options) : null,

            // Grpc.Net.Client's own events (each retry evaluated, connection state) go to the application's logging.
            LoggerFactory = loggerFactory,
        };
        return GrpcChannel.ForAddress(address, channelOptions);
    }

    /// <summary>
    /// <c>UNAVAILABLE</c> is the only status retried, <see cref="GrpcFunctionRuntimeOptions.MaxAttempts"/> attempts in all,
    /// with gRPC's exponential backoff (a random delay up to <see cref="GrpcFunctionRuntimeOptions.RetryBackoff"/> times 2^(n-1)).
    /// </summary>
    private static ServiceConfig RetryConfig(GrpcFunctionRuntimeOptions options)
    {
        // gRPC's retry policy needs a backoff above zero; a zero RetryBackoff means "as soon as possible".
        var initial = options.RetryBackoff > TimeSpan.FromMilliseconds(1) ? options.RetryBackoff : TimeSpan.FromMilliseconds(1);
        var max = initial * Math.Pow(2, options.MaxAttempts - 2);
        return new ServiceConfig
        {
            MethodConfigs =
            {
                new MethodConfig
                {
                    Names = { MethodName.Default },
                    RetryPolicy = new RetryPolicy
                    {
                        MaxAttempts = options.MaxAttempts,
                        InitialBackoff = initial,
                        MaxBackoff = max < initial ? initial : max,
                        BackoffMultiplier = 2,
                        RetryableStatusCodes = { StatusCode.Unavailable },
                    },
                },
            },
        };
    }

    /// <summary>
    /// Logs each retried attempt that reaches the runner's connection (event 5001): the channel marks them with
    /// <c>grpc-previous-rpc-attempts</c>. Attempts that fail before, because no connection can be made, are in
    /// Grpc.Net.Client's own log.
    /// </summary>
    private sealed class RetryLoggingHandler(HttpMessageHandler inner, ILogger logger, Uri address, int maxAttempts) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues(PreviousAttemptsHeader, out var values)
                && int.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var previous))
            {
                logger.GrpcCallRetrying(request.RequestUri?.AbsolutePath ?? "", address.Authority, previous + 1, maxAttempts);
            }

            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.InnerException is null && ex.HttpRequestError == HttpRequestError.Unknown)
            {
                // SocketsHttpHandler's failure when a new HTTP/2 connection shut down before it carried a request ("the
                // server did not complete the HTTP/2 handshake") has no cause, so grpc-dotnet makes it INTERNAL, never
                // retried. It is a lost connection: grpc-go reports that UNAVAILABLE and retries, and so do we (a cause
                // grpc-dotnet reads as a transport failure).
                throw new HttpRequestException(HttpRequestError.ConnectionError, ex.Message, new IOException(ex.Message, ex));
            }
        }
    }
}
