using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.Security.Tests;

/// <summary>
/// Item 2: one request that nests deeply ended the process with a stack overflow (and, from a repository, a crash
/// loop). Each attack must fail with a clear error and leave the server answering.
/// </summary>
[Collection(AttackServerCollection.Name)]
public sealed class CrashAttacks(AttackServerFixture fixture)
{
    private const int Depth = 20_000;

    private SampleServer Server => fixture.Server;

    public static TheoryData<string, string> DeepDocuments => new()
    {
        { "flow-sequence", "a: " + new string('[', Depth) + new string(']', Depth) + "\n" },
        { "flow-mapping", "a: " + string.Concat(Enumerable.Repeat("{a: ", Depth)) + "1" + new string('}', Depth) + "\n" },
        { "block-sequence", string.Concat(Enumerable.Repeat("- ", Depth)) + "x\n" },
        { "deeper-flow", "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n" },
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public async Task ResourcesUpdate_DeeplyNestedYaml_FailsCleanlyAndServerStaysUp(string kind, string document)
    {
        using var client = Server.Client();
        await EnsureRepositoryAsync(client);
        var name = await PorchApi.CreateDraftAsync(client, "crash", "deep-" + kind, Guid.NewGuid().ToString("N")[..8]);

        var (status, body) = await PorchApi.EditResourcesAsync(client, name, r => r["deep.yaml"] = document);

        Assert.True((int)status < 500 || body.Contains("depth", StringComparison.Ordinal), $"{(int)status}: {Shorten(body)}");
        Assert.Contains("depth", body, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
    }

    [Fact]
    public async Task RequestBody_DeeplyNestedJson_Answers400AndServerStaysUp()
    {
        using var client = Server.Client();
        var body = "{\"metadata\":" + new string('[', Depth) + new string(']', Depth) + "}";

        var (status, text) = await PorchApi.SendAsync(client, HttpMethod.Post, PorchApi.Revisions("default"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"kind\":\"Status\"", text, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
    }

    [Fact]
    public async Task Repository_DeepKptfilePushedBehindPorchsBack_ServerStaysUpAndListsOthers()
    {
        using var client = Server.Client();
        var remote = PorchApi.BareRepository(Server.WorkDir, "deep-" + Guid.NewGuid().ToString("N") + ".git");
        var work = Path.Combine(Server.WorkDir, "deep-work-" + Guid.NewGuid().ToString("N"));
        Conformance.Git(Server.WorkDir, "clone", "-q", remote, work);
        Directory.CreateDirectory(Path.Combine(work, "bomb"));
        File.WriteAllText(Path.Combine(work, "bomb", "Kptfile"),
            "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: bomb\n  annotations:\n    x: " + new string('[', Depth) + new string(']', Depth) + "\n");
        Conformance.Git(work, "add", ".");
        Conformance.Git(work, "commit", "-q", "-m", "bomb");
        Conformance.Git(work, "push", "-q", "origin", "HEAD:main");
        Conformance.Git(work, "tag", "bomb/v1");
        Conformance.Git(work, "push", "-q", "origin", "bomb/v1");

        var (status, body) = await PorchApi.PostAsync(client, PorchApi.Repositories("default"), PorchApi.Repository("deep-" + Guid.NewGuid().ToString("N")[..6], remote));
        Assert.Equal(HttpStatusCode.Created, status);

        // The repository opens (or reports why not) in the background; lists go on answering meanwhile and after.
        for (var i = 0; i < 5; i++)
        {
            await Server.AssertAliveAsync();
        }

        _ = body;
    }

    /// <summary>A seeded fuzz of the resources endpoint with mutated YAML (depth, width, aliases): never a crash.</summary>
    [Fact]
    public async Task ResourcesUpdate_SeededYamlFuzz_NeverCrashesTheServer()
    {
        using var client = Server.Client();
        await EnsureRepositoryAsync(client);
        var name = await PorchApi.CreateDraftAsync(client, "crash", "fuzz", Guid.NewGuid().ToString("N")[..8]);
        var random = new Random(20261205);
        for (var i = 0; i < 60; i++)
        {
            var document = YamlFuzz.Next(random);
            var (status, body) = await PorchApi.EditResourcesAsync(client, name, r => r["fuzz.yaml"] = document);
            Assert.True(Enum.IsDefined(status), $"{(int)status}: {Shorten(body)}");
            Assert.False(Server.HasExited, $"input {i} ended the server:\n{Shorten(document)}\n{Server.Output}");
        }

        await Server.AssertAliveAsync();
    }

    private async Task EnsureRepositoryAsync(HttpClient client)
    {
        var (status, _) = await PorchApi.SendAsync(client, HttpMethod.Get, PorchApi.Repositories("default") + "/crash");
        if (status == HttpStatusCode.NotFound)
        {
            await PorchApi.RegisterReadyAsync(client, "crash", PorchApi.BareRepository(Server.WorkDir, "crash.git"));
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "...";
}

/// <summary>Seeded YAML inputs: deep flow and block nesting, wide maps, alias bombs, and byte-level mutations of a resource.</summary>
internal static class YamlFuzz
{
    private const string Seed = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm # a comment
          labels: {a: "1", b: '2'}
        data:
          key: |
            text
          list: [1, 2, {x: y}]
          anchor: &a {k: v}
          alias: *a
        """;

    public static string Next(Random random) => random.Next(6) switch
    {
        0 => "a: " + new string('[', random.Next(1, 50_000)) + "]",
        1 => string.Concat(Enumerable.Repeat("- ", random.Next(1, 30_000))) + "x",
        2 => AliasBomb(random.Next(3, 12)),
        3 => "m:\n" + string.Concat(Enumerable.Range(0, random.Next(1, 20_000)).Select(i => $"  k{i}: v\n")),
        4 => Mutate(Seed, random),
        _ => "a: " + string.Concat(Enumerable.Repeat("{a: ", random.Next(1, 20_000))) + "1",
    };

    private static string AliasBomb(int levels)
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= levels; i++)
        {
            sb.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        return sb.ToString();
    }

    private static string Mutate(string seed, Random random)
    {
        var chars = seed.ToCharArray().ToList();
        const string alphabet = "[]{}:,-&*!|>'\"#% \n\t?@`";
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 1 when chars.Count > 1:
                    chars.RemoveAt(at);
                    break;
                default:
                    chars[at] = alphabet[random.Next(alphabet.Length)];
                    break;
            }
        }

        return new string([.. chars]);
    }
}
