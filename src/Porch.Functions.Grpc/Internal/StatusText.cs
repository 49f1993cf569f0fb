using System.Net.Sockets;
using Grpc.Core;

namespace Porch.Functions.Grpc.Internal;

/// <summary>
/// A failed call's status as porch-server's grpc-go client prints it (<c>rpc error: code = NotFound desc = ...</c>), so
/// errors read as Porch's. The status itself is grpc-dotnet's; only its rendering and two of grpc-dotnet's own
/// client-side texts (an oversize request, a runner that cannot be reached) are given grpc-go's wording.
/// </summary>
internal static class StatusText
{
    /// <summary>grpc-dotnet's text when the request is larger than the channel's <c>MaxSendMessageSize</c>.</summary>
    public const string DotnetSendLimit = "Sending message exceeds the maximum configured message size.";

    /// <summary>
    /// Whether the status is the call's own deadline passing: grpc-dotnet's client reports it without a message, servers
    /// that enforce <c>grpc-timeout</c> (grpc-dotnet, grpc-go, the C core) as "Deadline Exceeded". A runner's own timeout
    /// of a function has a message of its own and is passed on as it is.
    /// </summary>
    public static bool IsDeadlineOfTheCall(Status status) =>
        status.Detail.Length == 0 || string.Equals(status.Detail, "Deadline Exceeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>grpc-go's name of a status code (<c>codes.Code.String()</c>); it differs from the C# name only for CANCELLED.</summary>
    public static string GoCodeName(StatusCode code) => code == StatusCode.Cancelled ? "Canceled" : code.ToString();

    /// <summary>The error as grpc-go prints it.</summary>
    /// <param name="status">The call's status.</param>
    /// <param name="requestSize">The request's size, for grpc-go's oversize text.</param>
    /// <param name="maxSize">The send limit, for grpc-go's oversize text.</param>
    public static string Go(Status status, Func<int> requestSize, int maxSize) =>
        "rpc error: code = " + GoCodeName(status.StatusCode) + " desc = " + GoDetail(status, requestSize, maxSize);

    private static string GoDetail(Status status, Func<int> requestSize, int maxSize)
    {
        if (status.StatusCode == StatusCode.ResourceExhausted && status.Detail == DotnetSendLimit)
        {
            return $"grpc: trying to send message larger than max ({requestSize()} vs. {maxSize})";
        }

        if (status.StatusCode == StatusCode.Unavailable && Dialing(status.DebugException) is { } dial)
        {
            return $"connection error: desc = \"transport: Error while dialing: {dial}\"";
        }

        return status.Detail;
    }

    /// <summary>The reason a connection could not be made, when that is why the call is unavailable.</summary>
    private static string? Dialing(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.Message;
            }

            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } http
                && http.InnerException is not SocketException)
            {
                return http.InnerException?.Message ?? http.Message;
            }
        }

        return null;
    }
}
