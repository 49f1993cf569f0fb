namespace Porch.Functions.Grpc;

/// <summary>Options of the gRPC function runtime: where the function runner listens and how calls to it behave.</summary>
public sealed class GrpcFunctionRuntimeOptions
{
    /// <summary>Porch's default largest message each way: 6 MiB (porch-server's <c>--max-request-body-size</c>).</summary>
    public const int DefaultMaxGrpcMessageSize = 6 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the function runner's address: <c>http://host:port</c> (HTTP/2 without TLS, as Porch's runner
    /// listens), <c>https://host:port</c> (TLS), or Porch's <c>host:port</c> form, which means <c>http://</c>.
    /// </summary>
    /// <remarks>Required. No path, query or user info.</remarks>
    public string FunctionRunnerAddress { get; set; } = "";

    /// <summary>Gets or sets the largest message sent or received, in bytes.</summary>
    /// <remarks>Default <see cref="DefaultMaxGrpcMessageSize"/> (6 MiB); 1 KiB to 1 GiB. The runner must allow at least as much.</remarks>
    public int MaxGrpcMessageSize { get; set; } = DefaultMaxGrpcMessageSize;

    /// <summary>Gets or sets the deadline of one function evaluation, retries included; sent to the runner as <c>grpc-timeout</c>.</summary>
    /// <remarks>Default 5 minutes; more than zero and at most 24 hours.</remarks>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many times a call is attempted when the runner is UNAVAILABLE (the only status that is retried); the one retry knob of the runtime.</summary>
    /// <remarks>
    /// Default 3; 1 (no retry) to 10. Retries are the gRPC channel's own retry policy (service config), within
    /// <see cref="Timeout"/>; a request is retried only while the channel still buffers it (one message per call).
    /// </remarks>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay of the retry backoff (<see cref="MaxAttempts"/>).</summary>
    /// <remarks>
    /// Default 100 ms; zero (retry at once) to 1 minute. The wait before retry n is random, up to this delay times
    /// 2^(n-1) (gRPC's retry backoff, gRFC A6), within the deadline.
    /// </remarks>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets or sets the HTTP handler the gRPC channel sends through, for example one from
    /// <c>IHttpMessageHandlerFactory.CreateHandler(name)</c> or a <see cref="SocketsHttpHandler"/> with TLS settings of your own.
    /// </summary>
    /// <remarks>
    /// Default <see langword="null"/>: the runtime makes one <see cref="SocketsHttpHandler"/> (one HTTP/2 connection, keep-alive
    /// pings) and disposes it with itself. A handler given here is not disposed by the runtime.
    /// </remarks>
    public HttpMessageHandler? HttpHandler { get; set; }
}
