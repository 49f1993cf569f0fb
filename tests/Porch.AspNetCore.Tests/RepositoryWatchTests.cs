using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Porch.Tests.Shared;
using static Porch.AspNetCore.Tests.KubectlWatchOutput;

namespace Porch.AspNetCore.Tests;

/// <summary>
/// <c>?watch=true</c> on config.porch.kpt.dev Repositories as apiserver serves a watch (issue 23): initial ADDED
/// events, MODIFIED on status and spec changes, DELETED, resume from a resourceVersion, and 410 Expired with
/// apiserver's "too old resource version: X (Y)" past the retained history. The real kubectl's <c>get -w</c> and HTTP.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class RepositoryWatchTests(ServerFixture server)
{
    private const string Repositories = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories";

    private static string Remote(string workDir, string name)
    {
        var remote = Path.Combine(workDir, name + ".git");
        if (!Directory.Exists(remote))
        {
            Conformance.Git(workDir, "init", "-q", "--bare", "-b", "main", remote);
        }

        return remote;
    }

    private static string Body(string name, string remote, string description = "") => new JsonObject
    {
        ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
        ["kind"] = "Repository",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["description"] = description,
            ["type"] = "git",
            ["git"] = new JsonObject { ["repo"] = remote, ["branch"] = "main", ["createBranch"] = true },
        },
    }.ToJsonString();

    private static StringContent Json(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string path, HttpContent? content = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Reads watch events until one matches; the minute only turns a broken build into a failure instead of a hang.</summary>
    private static async Task<JsonNode> ReadUntil(StreamReader reader, List<JsonNode> seen, Func<JsonNode, bool> match)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(line is not null, "the watch ended; events: " + string.Join("\n", seen.Select(e => e.ToJsonString())));
            var change = JsonNode.Parse(line)!;
            seen.Add(change);
            if (match(change))
            {
                return change;
            }
        }
    }

    private static string Type(JsonNode change) => change["type"]!.GetValue<string>();

    private static string? Name(JsonNode change) => change["object"]?["metadata"]?["name"]?.GetValue<string>();

    private static string Version(JsonNode change) => change["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>();

    private static bool Ready(JsonNode change) =>
        change["object"]?["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true;

    [Fact]
    public async Task KubectlGetWatch_AddedModifiedDeleted()
    {
        var remote = Remote(server.WorkDir, "watched-repo");
        var output = new StringBuilder();
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = server.StartKubectl(
            output,
            line =>
            {
                // kubectl lists, then watches from the list's resourceVersion (-v=7 logs the request); every change
                // after that version is replayed, so nothing made from here on can be missed.
                if (line.Contains("watch=true", StringComparison.Ordinal) && ResourceVersion().Match(line) is { Success: true } version && version.Groups[1].Value != "0")
                {
                    watching.TrySetResult();
                }

                if (line.StartsWith("MODIFIED", StringComparison.Ordinal) && line.Contains("watched-repo", StringComparison.Ordinal) && line.Contains("True", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }

                if (line.StartsWith("DELETED", StringComparison.Ordinal) && line.Contains("watched-repo", StringComparison.Ordinal))
                {
                    deleted.TrySetResult();
                }
            },
            "get", "repositories", "-w", "--output-watch-events", "-v=7");
        await WaitFor(watching.Task, output, "watch request");
        var apply = await server.KubectlInputAsync(
            $"""
            apiVersion: config.porch.kpt.dev/v1alpha1
            kind: Repository
            metadata:
              name: watched-repo
              namespace: default
            spec:
              type: git
              git:
                repo: {remote}
                branch: main
                createBranch: true
            """,
            "apply",
            "-f",
            "-");
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        await WaitFor(ready.Task, output, "MODIFIED event with Ready=True");
        var delete = await server.KubectlAsync("delete", "repository", "watched-repo");
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        await WaitFor(deleted.Task, output, "DELETED event");
        watch.Kill(entireProcessTree: true);

        var lines = Text(output).Split('\n').Where(l => Regex.IsMatch(l, "^(ADDED|MODIFIED|DELETED) +watched-repo ")).ToList();
        Assert.StartsWith("ADDED", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("MODIFIED", StringComparison.Ordinal));
        Assert.StartsWith("DELETED", lines[^1], StringComparison.Ordinal);

        // The blueprints repository existed before the watch: kubectl shows the listed one as ADDED, and the watch
        // (from the list's version) did not add it a second time.
        Assert.Single(Text(output).Split('\n'), l => Regex.IsMatch(l, "^ADDED +blueprints "));
    }

    [Fact]
    public async Task Watch_NoVersionOrZero_StartsWithAddedForEachExisting()
    {
        using var http = server.Client(ServerFixture.ViewerToken);
        foreach (var query in new[] { "?watch=true", "?watch=true&resourceVersion=0" })
        {
            using var watch = await http.GetAsync(new Uri(Repositories + query, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
            using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
            var first = await ReadUntil(reader, [], c => Name(c) == "blueprints");
            Assert.Equal("ADDED", Type(first));
            Assert.Equal("Repository", first["object"]!["kind"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Watch_FromListVersion_SpecAndStatusModified_Deleted_ThenResumeFromAnEvent()
    {
        using var http = server.Client(ServerFixture.EditorToken);
        var remote = Remote(server.WorkDir, "resumed-repo");
        var list = await Send(http, HttpMethod.Get, Repositories);
        var listVersion = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        Assert.NotEqual("0", listVersion);

        using var watch = await http.GetAsync(new Uri($"{Repositories}?watch=true&resourceVersion={listVersion}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        var seen = new List<JsonNode>();
        await Send(http, HttpMethod.Post, Repositories, Json(Body("resumed-repo", remote)), HttpStatusCode.Created);
        var added = await ReadUntil(reader, seen, c => Name(c) == "resumed-repo");
        Assert.Equal("ADDED", Type(added));
        Assert.DoesNotContain(seen, c => Name(c) == "blueprints" && Type(c) == "ADDED");

        // Status written by the sync: MODIFIED with Ready=True and a newer resourceVersion.
        var synced = await ReadUntil(reader, seen, c => Name(c) == "resumed-repo" && Ready(c));
        Assert.Equal("MODIFIED", Type(synced));
        Assert.True(long.Parse(Version(synced), System.Globalization.CultureInfo.InvariantCulture) > long.Parse(Version(added), System.Globalization.CultureInfo.InvariantCulture));

        // A spec change: MODIFIED carrying it, generation 2.
        await Send(http, HttpMethod.Patch, Repositories + "/resumed-repo", Json("""{"spec":{"description":"changed"}}""", "application/merge-patch+json"));
        var changed = await ReadUntil(reader, seen, c => Name(c) == "resumed-repo" && c["object"]!["spec"]!["description"]?.GetValue<string>() == "changed");
        Assert.Equal("MODIFIED", Type(changed));
        Assert.Equal(2, changed["object"]!["metadata"]!["generation"]!.GetValue<long>());

        await Send(http, HttpMethod.Delete, Repositories + "/resumed-repo");
        var gone = await ReadUntil(reader, seen, c => Name(c) == "resumed-repo" && Type(c) == "DELETED");
        Assert.Equal("changed", gone["object"]!["spec"]!["description"]!.GetValue<string>());

        // Resuming from the ADDED event's version replays what followed it, in order, ending with the DELETED.
        using var resumed = await http.GetAsync(new Uri($"{Repositories}?watch=true&resourceVersion={Version(added)}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        var replayed = new List<JsonNode>();
        await ReadUntil(resumedReader, replayed, c => Name(c) == "resumed-repo" && Type(c) == "DELETED");
        var ours = replayed.Where(c => Name(c) == "resumed-repo").ToList();
        Assert.DoesNotContain(ours, c => Type(c) == "ADDED");
        Assert.Equal(seen.SkipWhile(c => c != added).Skip(1).Where(c => Name(c) == "resumed-repo").Select(Version), ours.Select(Version));
    }

    [Fact]
    public async Task Watch_OlderThanTheRetainedHistory_ErrorEvent410Expired()
    {
        var work = Directory.CreateTempSubdirectory("porch-watch-410-").FullName;
        try
        {
            await using var small = new ServerFixture(work, registerBlueprints: false, "--Porch:Watch:EventLogCapacity=3");
            await small.InitializeAsync();
            using var http = small.Client(ServerFixture.EditorToken);
            for (var i = 0; i < 3; i++)
            {
                await Send(http, HttpMethod.Post, Repositories, Json(Body($"history-{i}", Remote(work, $"history-{i}"))), HttpStatusCode.Created);
            }

            // More than three changes since version 1 (three creates, their syncs' status writes): 1 is out of reach.
            using var watch = await http.GetAsync(new Uri($"{Repositories}?watch=true&resourceVersion=1", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
            using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
            var error = await ReadUntil(reader, [], _ => true);
            Assert.Equal("ERROR", Type(error));
            var status = error["object"]!;
            Assert.Equal(("Status", "Failure", "Expired", 410), (status["kind"]!.GetValue<string>(), status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
            var match = TooOld().Match(status["message"]!.GetValue<string>());
            Assert.True(match.Success, status["message"]!.GetValue<string>());
            Assert.True(long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1, status["message"]!.GetValue<string>());
            Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [GeneratedRegex("^too old resource version: 1 \\(([0-9]+)\\)$")]
    private static partial Regex TooOld();

    [GeneratedRegex("[?&]resourceVersion=([0-9]+)")]
    private static partial Regex ResourceVersion();
}
