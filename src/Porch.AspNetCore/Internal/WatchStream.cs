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
    /// <summary>A watch of package revisions through the engine and <see cref="IPackageRevisionWatchService"/>.</summary>
    public static Task RunAsync(
        RequestContext request,
        PackageRevisionFilter filter,
        Func<PackageRevision, CancellationToken, Task<JsonNode?>> convert,
        string kind,
        CancellationToken cancellationToken)
    {
        var watches = request.Watches;
        return RunAsync(
            request,
            new Source<PackageRevision>(
                PorchApi.Group,
                PorchApi.ApiVersion,
                kind,
                watches is null ? null : () => watches.CurrentVersion,
                async ct => await request.Engine.ListPackageRevisionsAsync(filter, ct).ConfigureAwait(false),
                (from, ct) => Changes(watches!, filter, from, ct),
                convert),
            cancellationToken);
    }

    /// <summary>
    /// Serves one watch: checks the resource version, then (without one, or with "0") ADDED for every current object,
    /// then each change; a version the log no longer reaches ends the stream with an ERROR event (410 Expired).
    /// </summary>
    public static async Task RunAsync<T>(RequestContext request, Source<T> source, CancellationToken cancellationToken)
    {
        var response = request.Http.Response;
        if (source.CurrentVersion is null)
        {
            await KubeStatus.Failure(405, "MethodNotAllowed", "watch is not available: the host did not register WithWatch()", source.Group, source.Kind, null)
                .ExecuteAsync(request.Http).ConfigureAwait(false);
            return;
        }

        long? from = null;
        if (request.Query("resourceVersion") is { Length: > 0 } rv && rv != "0")
        {
            if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await KubeStatus.Failure(410, "Expired", $"too old resource version: {rv}", source.Group, source.Kind, null)
                    .ExecuteAsync(request.Http).ConfigureAwait(false);
                return;
            }

            from = parsed;
        }

        response.StatusCode = 200;
        response.ContentType = KubeJson.ContentType;
        await response.StartAsync(cancellationToken).ConfigureAwait(false);

        // Headers go out now, as apiserver sends them, not with the first event (a quiet watch would look hung).
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        var bookmarks = request.Query("allowWatchBookmarks") is "true" or "1";
        try
        {
            if (from is null)
            {
                // Initial state: the stream starts at the version read before the list, so nothing falls between.
                from = source.CurrentVersion();
                foreach (var item in await source.List(cancellationToken).ConfigureAwait(false))
                {
                    if (await source.Convert(item, cancellationToken).ConfigureAwait(false) is { } node)
                    {
                        await WriteAsync(response, "ADDED", node, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (bookmarks)
                {
                    await WriteBookmarkAsync(response, source, from.Value, cancellationToken).ConfigureAwait(false);
                }
            }

            await foreach (var (type, item) in source.Watch(from, cancellationToken).ConfigureAwait(false))
            {
                if (await source.Convert(item, cancellationToken).ConfigureAwait(false) is { } node)
                {
                    await WriteAsync(response, TypeName(type), node, cancellationToken).ConfigureAwait(false);
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

    private static async IAsyncEnumerable<(PackageRevisionChangeType, PackageRevision)> Changes(
        IPackageRevisionWatchService watches,
        PackageRevisionFilter filter,
        long? from,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in watches.WatchAsync(filter, from, cancellationToken).ConfigureAwait(false))
        {
            yield return (change.Type, change.Object);
        }
    }

    private static Task WriteBookmarkAsync<T>(HttpResponse response, Source<T> source, long version, CancellationToken cancellationToken) =>
        WriteAsync(response, "BOOKMARK", new JsonObject
        {
            ["kind"] = source.Kind,
            ["apiVersion"] = source.ApiVersion,
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

    /// <summary>What one watched kind brings: its names, the current version (null: no watch registered), the list, the changes, and the wire form.</summary>
    internal sealed record Source<T>(
        string Group,
        string ApiVersion,
        string Kind,
        Func<long>? CurrentVersion,
        Func<CancellationToken, Task<IEnumerable<T>>> List,
        Func<long?, CancellationToken, IAsyncEnumerable<(PackageRevisionChangeType Type, T Item)>> Watch,
        Func<T, CancellationToken, Task<JsonNode?>> Convert);
}
