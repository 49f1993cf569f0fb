namespace Porch.Functions.Grpc.Wire;

/// <summary>
/// The gRPC status codes (grpc/grpc doc/statuscodes.md). Member names are grpc-go's <c>codes.Code</c> strings, so
/// <c>ToString()</c> gives the text Go prints in <c>rpc error: code = ... desc = ...</c>.
/// </summary>
internal enum GrpcStatusCode
{
    OK = 0,
    Canceled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}
