namespace Porch.Functions.Grpc.Wire;

/// <summary>A call ended with a non-OK gRPC status: the code, the status message and the optional status details.</summary>
internal sealed class GrpcStatusException : Exception
{
    public GrpcStatusException(GrpcStatusCode statusCode, string detail, byte[]? statusDetails = null, Exception? innerException = null)
        : base(detail, innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
        StatusDetails = statusDetails;
    }

    /// <summary>The status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The status message (<c>grpc-message</c>, decoded).</summary>
    public string Detail { get; }

    /// <summary>The serialised <c>google.rpc.Status</c> of the <c>grpc-status-details-bin</c> trailer, when present.</summary>
    public byte[]? StatusDetails { get; }

    /// <summary>The error as grpc-go prints it: <c>rpc error: code = NotFound desc = ...</c>.</summary>
    public string GoText => "rpc error: code = " + StatusCode + " desc = " + Detail;
}
