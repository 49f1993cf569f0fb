using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Porch.AspNetCore.Tests;

/// <summary>samples/Server's start-up rules: a configured token, credentials from configuration, Repository objects kept across restarts.</summary>
public sealed class SampleServerTests
{
    private const string Repositories = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories";

    [Fact]
    public async Task NoTokenConfigured_FailsAtStart_NamingTheSetting()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ServerFixture.ServerDll(), "--urls", "https://127.0.0.1:0", "--cache-dir", Path.Combine(Path.GetTempPath(), "porch-no-token-" + Guid.NewGuid().ToString("N")) })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("Porch__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(key);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        var text = await stderr;
        Assert.Contains("Porch:Tokens:<token>=<user>:<role>", text, StringComparison.Ordinal);
        Assert.Contains("Porch__Tokens__<token>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppliedRepository_IsStillListedAfterARestart()
    {
        var work = Directory.CreateTempSubdirectory("porch-restart-").FullName;
        try
        {
            await using (var first = new ServerFixture(work, registerBlueprints: true))
            {
                await first.InitializeAsync();
            }

            await using var second = new ServerFixture(work, registerBlueprints: false);
            await second.InitializeAsync();
            using var http = second.Client(ServerFixture.ViewerToken);
            var listed = JsonNode.Parse(await http.GetStringAsync(new Uri(Repositories, UriKind.Relative)))!;
            var names = listed["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
            Assert.Equal(["blueprints"], names);
            Assert.Equal(second.Remote, listed["items"]![0]!["spec"]!["git"]!["repo"]!.GetValue<string>());

            // Deleting it is kept too.
            using var editor = second.Client(ServerFixture.EditorToken);
            using (var deleted = await editor.DeleteAsync(new Uri(Repositories + "/blueprints", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            }

            var stored = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(work, "cache", "repositories.json")))!;
            Assert.Empty(stored["items"]!.AsArray());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task AppliedPackageVariant_IsStillThereAfterARestart_WithItsUid()
    {
        const string variants = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/packagevariants";
        var work = Directory.CreateTempSubdirectory("porch-restart-variants-").FullName;
        try
        {
            string uid;
            await using (var first = new ServerFixture(work, registerBlueprints: true))
            {
                await first.InitializeAsync();
                using var editor = first.Client(ServerFixture.EditorToken);
                var body = """
                    {"apiVersion":"config.porch.kpt.dev/v1alpha1","kind":"PackageVariant","metadata":{"name":"site-a"},
                     "spec":{"upstream":{"repo":"blueprints","package":"base","revision":1},"downstream":{"repo":"blueprints","package":"site-a"}}}
                    """;
                using var created = await editor.PostAsync(new Uri(variants, UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                var text = await created.Content.ReadAsStringAsync();
                Assert.True(created.StatusCode == HttpStatusCode.Created, text);
                uid = JsonNode.Parse(text)!["metadata"]!["uid"]!.GetValue<string>();
            }

            await using var second = new ServerFixture(work, registerBlueprints: false);
            await second.InitializeAsync();
            using var viewer = second.Client(ServerFixture.ViewerToken);
            var read = JsonNode.Parse(await viewer.GetStringAsync(new Uri(variants + "/site-a", UriKind.Relative)))!;
            Assert.Equal(uid, read["metadata"]!["uid"]!.GetValue<string>());
            Assert.Equal("base", read["spec"]!["upstream"]!["package"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task SecretRef_ResolvedFromConfiguration_MissingOneNamedInTheCondition()
    {
        await using var server = new ServerFixture(null, registerBlueprints: false,
            "--Porch:Secrets:default:git-auth:username=git-user", "--Porch:Secrets:default:git-auth:password=git-password");
        await server.InitializeAsync();
        using var http = server.Client(ServerFixture.EditorToken);

        var resolved = await RegisterAsync(http, "with-secret", server.Remote, "git-auth");
        var ready = resolved["status"]!["conditions"]![0]!;
        Assert.Equal("True", ready["status"]!.GetValue<string>());

        // Another repository: two Repositories of one URL, branch and directory are a RepositoryConflict.
        var other = Path.Combine(server.WorkDir, "other.git");
        Porch.Tests.Shared.Conformance.Git(server.WorkDir, "init", "-q", "--bare", "-b", "main", other);
        var missing = await RegisterAsync(http, "missing-secret", other, "nowhere");
        var error = missing["status"]!["conditions"]![0]!;
        Assert.Equal("False", error["status"]!.GetValue<string>());
        Assert.StartsWith("cannot resolve credentials in a secret default/nowhere: ", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("git-password", missing.ToJsonString() + resolved.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> RegisterAsync(HttpClient http, string name, string remote, string secret)
    {
        var repository = new JsonObject
        {
            ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
            ["kind"] = "Repository",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["type"] = "git",
                ["git"] = new JsonObject { ["repo"] = remote, ["branch"] = "main", ["createBranch"] = true, ["secretRef"] = new JsonObject { ["name"] = secret } },
            },
        };
        using var content = new StringContent(repository.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(Repositories, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!;
    }
}
