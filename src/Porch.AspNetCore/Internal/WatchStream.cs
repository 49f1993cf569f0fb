using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using Porch.Engine.Watch;
using Porch.Watch;

namespace Porch.AspNetCore.Internal;

/// <summary>
/// A Kubernetes watch response: a chunked stream of <c>{"type":...,"object":...}</c> lines. Without a resource
/// version it starts with ADDED for every current object; with one it resumes after it; a version the event log no
/// longer reaches ends the stream with an ERROR event carrying a 410 Status.
/// </summary>
internal static class WatchStream
{
    public static async Task RunAsync(
        RequestContext request,
        PackageRevisionFilter filter,
        Func<PackageRevision, CancellationToken, Task<JsonNode?>> convert,
        string kind,
        CancellationToken cancellationToken)
    {
        var response = request.Http.Response;
        if (request.Watches is null)
        {
            await KubeStatus.Failure(405, "MethodNotAllowed", "watch is not available: the host did not register WithWatch()", PorchApi.Group, kind, null)
                .ExecuteAsync(request.Http).ConfigureAwait(false);
            return;
        }

        long? from = null;
        if (request.Query("resourceVersion") is { Length: > 0 } rv && rv != "0")
        {
            if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await KubeStatus.Failure(410, "Expired", $"too old resource version: {rv}", PorchApi.Group, kind, null)
                    .ExecuteAsync(request.Http).ConfigureAwait(false);
                return;
            }

            from = parsed;
        }

        response.StatusCode = 200;
        response.ContentType = KubeJson.ContentType;
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        var bookmarks = request.Query("allowWatchBookmarks") is "true" or "1";
        try
        {
            if (from is null)
            {
                // Initial state: the stream starts at the version read before the list, so nothing falls between.
                from = request.Watches.CurrentVersion;
                foreach (var pr in await request.Engine.ListPackageRevisionsAsync(filter, cancellationToken).ConfigureAwait(false))
                {
                    if (await convert(pr, cancellationToken).ConfigureAwait(false) is { } node)
                    {
                        await WriteAsync(response, "ADDED", node, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (bookmarks)
                {
                    await WriteBookmarkAsync(response, kind, from.Value, cancellationToken).ConfigureAwait(false);
                }
            }

            await foreach (var change in request.Watches.WatchAsync(filter, from, cancellationToken).ConfigureAwait(false))
            {
                if (await convert(change.Object, cancellationToken).ConfigureAwait(false) is { } node)
                {
                    await WriteAsync(response, TypeName(change.Type), node, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (WatchExpiredException ex)
        {
            var status = new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Failure",
                ["message"] = ex.Message,
                ["reason"] = "Expired",
                ["code"] = 410,
            };
            await WriteAsync(response, "ERROR", status, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the server is stopping: the stream simply ends.
        }
    }

    private static Task WriteBookmarkAsync(HttpResponse response, string kind, long version, CancellationToken cancellationToken) =>
        WriteAsync(response, "BOOKMARK", new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = PorchApi.ApiVersion,
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture),
                ["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" },
            },
        }, cancellationToken);

    private static async Task WriteAsync(HttpResponse response, string type, JsonNode node, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = node.DeepClone() }.ToJsonString() + "\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string TypeName(PackageRevisionChangeType type) => type switch
    {
        PackageRevisionChangeType.Added => "ADDED",
        PackageRevisionChangeType.Modified => "MODIFIED",
        _ => "DELETED",
    };
}
