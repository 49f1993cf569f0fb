using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Porch.Security.Tests;

/// <summary>
/// Items 6 and 7: memory that never came back (the watch log kept whole objects, Starlark output was not budgeted) and
/// hangs (transports that never answer, lists that retried every broken repository). Bounded load tests: a fixed
/// number of requests, each with a client time-out, against a server with a hard heap limit.
/// </summary>
public sealed class AvailabilityAttacks
{
    /// <summary>A heap limit far below what the unbounded watch log needed for the updates below (~2.7 MB each).</summary>
    private static readonly Dictionary<string, string> SmallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x18000000" };

    [Fact]
    public async Task WatchLog_ManyUpdatesWithMegabyteAnnotations_DoNotExhaustABoundedHeap()
    {
        await using var server = await SampleServer.StartAsync(SmallHeap);
        using var client = server.Client();
        await PorchApi.RegisterReadyAsync(client, "memory", PorchApi.BareRepository(server.WorkDir, "memory.git"));
        var name = await PorchApi.CreateDraftAsync(client, "memory", "big");
        var big = new string('x', 1 << 20);

        for (var i = 0; i < 200; i++)
        {
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["example.com/big"] = big + i } } };
            var (status, body) = await PorchApi.PatchAsync(client, PorchApi.Revisions("default") + "/" + name, patch.ToJsonString(), "application/merge-patch+json");
            Assert.True(status == HttpStatusCode.OK, $"update {i}: {(int)status}: {(body.Length > 400 ? body[..400] : body)}\n{Tail(server.Output)}");
        }

        await server.AssertAliveAsync();
    }

    [Theory]
    [InlineData("emit", "for i in range(1000000):\n  ctx.resource_list[\"items\"].append({\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c%d\" % i}, \"data\": {\"k\": \"%0100d\" % i}})\n")]
    [InlineData("print", "for i in range(1000000):\n  print(\"%0200d\" % i)\n")]
    [InlineData("grow", "s = \"x\"\nfor i in range(40):\n  s = s + s\n")]
    public async Task Starlark_HugeOutput_IsStoppedByTheBudgetAndTheServerStaysUp(string kind, string script)
    {
        await using var server = await SampleServer.StartAsync(SmallHeap);
        using var client = server.Client();
        await PorchApi.RegisterReadyAsync(client, "starlark", PorchApi.BareRepository(server.WorkDir, "starlark.git"));
        var name = await PorchApi.CreateDraftAsync(client, "starlark", "bomb-" + kind);

        var (status, body) = await PorchApi.EditResourcesAsync(client, name, r =>
        {
            r["Kptfile"] = $"""
                apiVersion: kpt.dev/v1
                kind: Kptfile
                metadata:
                  name: bomb-{kind}
                pipeline:
                  mutators:
                  - image: gcr.io/kpt-fn/starlark:v0.4.3
                    configPath: fn.yaml
                """ + "\n";
            r["fn.yaml"] = "apiVersion: fn.kpt.dev/v1alpha1\nkind: StarlarkRun\nmetadata:\n  name: bomb\nsource: |\n" +
                string.Concat(script.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));
        });

        Assert.False(server.HasExited, "the server exited: " + Tail(server.Output));
        Assert.DoesNotContain("c999999", body, StringComparison.Ordinal);
        _ = status;
        await server.AssertAliveAsync();
    }

    [Fact]
    public async Task BrokenRepositories_TransportsThatNeverAnswer_DoNotHangListsOrHealth()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        using var accepting = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var connection = await silent.AcceptTcpClientAsync(accepting.Token);
                    lock (held)
                    {
                        held.Add(connection);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });

        await using var server = await SampleServer.StartAsync();
        using var client = server.Client(timeout: TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            var (status, body) = await PorchApi.PostAsync(client, PorchApi.Repositories("default"), PorchApi.Repository($"silent-{i}", $"http://127.0.0.1:{port}/r{i}.git"));
            Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {body}");
        }

        // The background sync tries each once (git's own time-out ends the attempt) and reports it not ready; from
        // then on lists and health checks must not wait on them again.
        for (var i = 0; i < 10; i++)
        {
            var name = $"silent-{i}";
            await PorchApi.WaitForAsync(async () =>
            {
                var (s, b) = await PorchApi.SendAsync(client, HttpMethod.Get, PorchApi.Repositories("default") + "/" + name);
                return s == HttpStatusCode.OK && JsonNode.Parse(b)?["status"]?["conditions"]?.AsArray()
                    .Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "False") == true;
            }, name + " to be reported not ready", TimeSpan.FromSeconds(180));
        }

        using var quick = server.Client(timeout: TimeSpan.FromSeconds(20));
        var lists = Enumerable.Range(0, 10).Select(_ => PorchApi.SendAsync(quick, HttpMethod.Get, PorchApi.Revisions("default")));
        foreach (var (status, body) in await Task.WhenAll(lists))
        {
            Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        }

        using var health = server.Client(token: null, timeout: TimeSpan.FromSeconds(20));
        using var healthz = await health.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Contains(healthz.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        await server.AssertAliveAsync();

        await accepting.CancelAsync();
        await acceptLoop;
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
