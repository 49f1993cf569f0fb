using System.Text;
using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.Cli.Tests;

/// <summary>
/// From <c>kubectl create namespace</c> to an approved package in a password-protected repository, with kubectl and
/// porchctl only (issue 23): the Secret porchctl writes (Porch's <c>pkg/cli/commands/repo/reg/command.go</c>
/// <c>buildAuthSecret</c>), Porch's secret resolver (<c>pkg/registry/porch/secret.go</c>) reading it, and no secret
/// value in a log line, an answer, a Repository object or a file of the Git mirror.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuthenticatedRepositoryTests(AuthenticatedServerFixture server) : IClassFixture<AuthenticatedServerFixture>
{
    private static readonly string[] SecretValues =
    [
        AuthenticatedServerFixture.GitPassword, Base64(AuthenticatedServerFixture.GitPassword),
        AuthenticatedServerFixture.GitBearerToken, Base64(AuthenticatedServerFixture.GitBearerToken),
    ];

    [Fact]
    public async Task RegBuildAuthSecret_BasicAuth_CreateNamespaceRegisterInitProposeApprove()
    {
        var url = server.NewRepository("blueprints");
        var created = await Kubectl(null, "create", "namespace", "team-a");
        Assert.Equal("namespace/team-a created\n", created.Stdout);
        Assert.Contains("team-a", (await Kubectl(null, "get", "namespaces")).Stdout, StringComparison.Ordinal);

        await Porchctl("team-a", "repo", "register", "--name=blueprints", "--create-branch",
            "--repo-basic-username=" + AuthenticatedServerFixture.GitUser, "--repo-basic-password=" + AuthenticatedServerFixture.GitPassword, url);

        // porchctl's Secret: <name>-auth, kubernetes.io/basic-auth, keys username and password.
        var secret = JsonNode.Parse((await Kubectl(null, "get", "secret", "blueprints-auth", "-n", "team-a", "-o", "json")).Stdout)!;
        Assert.Equal("kubernetes.io/basic-auth", secret["type"]!.GetValue<string>());
        Assert.Equal(Base64(AuthenticatedServerFixture.GitUser), secret["data"]!["username"]!.GetValue<string>());
        Assert.Equal(Base64(AuthenticatedServerFixture.GitPassword), secret["data"]!["password"]!.GetValue<string>());

        await Kubectl(null, "wait", "--for=condition=Ready", "repository/blueprints", "-n", "team-a", "--timeout=120s");
        Assert.Equal("blueprints.app.v1 created\n", (await Porchctl("team-a", "rpkg", "init", "--repository=blueprints", "--workspace=v1", "app")).Stdout);
        Assert.Equal("blueprints.app.v1 proposed\n", (await Porchctl("team-a", "rpkg", "propose", "blueprints.app.v1")).Stdout);
        Assert.Equal("blueprints.app.v1 approved\n", (await Porchctl("team-a", "rpkg", "approve", "blueprints.app.v1")).Stdout);

        // The approved package is on main in the password-protected repository.
        var files = Conformance.Git(Path.Combine(server.ProjectRoot, "blueprints.git"), "ls-tree", "-r", "--name-only", "main");
        Assert.Contains("app/Kptfile", files, StringComparison.Ordinal);
        await AssertNoSecretShownAsync("team-a");
    }

    [Fact]
    public async Task RegBuildAuthSecret_BearerToken_OpaqueSecretResolvedAsBearer()
    {
        var url = server.NewRepository("tokens");
        await Porchctl("default", "repo", "register", "--name=tokens", "--create-branch", "--repo-bearer-token=" + AuthenticatedServerFixture.GitBearerToken, url);
        var secret = JsonNode.Parse((await Kubectl(null, "get", "secret", "tokens-auth", "-n", "default", "-o", "json")).Stdout)!;
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal(Base64(AuthenticatedServerFixture.GitBearerToken), secret["data"]!["bearerToken"]!.GetValue<string>());

        await Kubectl(null, "wait", "--for=condition=Ready", "repository/tokens", "-n", "default", "--timeout=120s");
        Assert.Equal("tokens.tokenpkg.v1 created\n", (await Porchctl("default", "rpkg", "init", "--repository=tokens", "--workspace=v1", "tokenpkg")).Stdout);
        Assert.Contains("refs/heads/drafts/tokenpkg/v1", Conformance.Git(Path.Combine(server.ProjectRoot, "tokens.git"), "for-each-ref", "--format=%(refname)"), StringComparison.Ordinal);
        await AssertNoSecretShownAsync("default");
    }

    [Fact]
    public async Task SecretResolver_WrongPassword_ReadyFalseWithPorchsMessage_RecoversWhenSecretIsFixed()
    {
        const string wrong = "wrong-pw-5d1c-never-shown";
        var url = server.NewRepository("private");
        await Kubectl(null, "create", "secret", "generic", "private-auth", "-n", "default", "--type=kubernetes.io/basic-auth",
            "--from-literal=username=" + AuthenticatedServerFixture.GitUser, "--from-literal=password=" + wrong);
        var repository = $"""
            apiVersion: config.porch.kpt.dev/v1alpha1
            kind: Repository
            metadata:
              name: private
              namespace: default
            spec:
              type: git
              git:
                repo: {url}
                branch: main
                createBranch: true
                secretRef:
                  name: private-auth
            """;
        await Kubectl(repository, "apply", "-f", "-");
        await Kubectl(null, "wait", "--for=condition=Ready=False", "repository/private", "-n", "default", "--timeout=120s");
        var message = (await Kubectl(null, "get", "repository", "private", "-n", "default", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].message}")).Stdout;
        Assert.StartsWith($"cannot fetch repository {url}: authentication required", message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, message, StringComparison.Ordinal);

        // Fixed through stringData (folded into data by the server): the repository recovers.
        await Kubectl(null, "patch", "secret", "private-auth", "-n", "default", "--type=merge", "-p",
            "{\"stringData\":{\"password\":\"" + AuthenticatedServerFixture.GitPassword + "\"}}");
        var fixedSecret = JsonNode.Parse((await Kubectl(null, "get", "secret", "private-auth", "-n", "default", "-o", "json")).Stdout)!;
        Assert.Null(fixedSecret["stringData"]);
        Assert.Equal(Base64(AuthenticatedServerFixture.GitPassword), fixedSecret["data"]!["password"]!.GetValue<string>());
        await Kubectl(null, "wait", "--for=condition=Ready", "repository/private", "-n", "default", "--timeout=120s");
        Assert.DoesNotContain(wrong, server.Output, StringComparison.Ordinal);
        await AssertNoSecretShownAsync("default");
    }

    /// <summary>No secret value in the server's log, a Repository as kubectl shows it, or a file of the Git mirrors (the cache database holds Secrets by design).</summary>
    private async Task AssertNoSecretShownAsync(string ns)
    {
        var repositories = (await Kubectl(null, "get", "repositories", "-n", ns, "-o", "yaml")).Stdout;
        var files = Directory.EnumerateFiles(server.CacheDir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}objects{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !Path.GetFileName(f).StartsWith("porch-cache.db", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "config");
        foreach (var value in SecretValues)
        {
            Assert.DoesNotContain(value, repositories, StringComparison.Ordinal);
            Assert.DoesNotContain(value, server.Output, StringComparison.Ordinal);
            foreach (var file in files)
            {
                Assert.False((await ReadIfStillThereAsync(file)).Contains(value, StringComparison.Ordinal), $"{value[..6]}... found in {file}");
            }
        }
    }

    /// <summary>The file's text, or nothing when the running server removed it after it was listed (a push's temporary ref, a lock).</summary>
    private static async Task<string> ReadIfStillThereAsync(string file)
    {
        try
        {
            return await File.ReadAllTextAsync(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    private async Task<CliResult> Porchctl(string ns, params string[] args)
    {
        var result = await server.PorchctlAsync(ns, args);
        Assert.True(result.ExitCode == 0, $"porchctl {args[0]} {args[1]}: {result}\n{server.Output}");
        return result;
    }

    private async Task<CliResult> Kubectl(string? stdin, params string[] args)
    {
        var result = await server.KubectlAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args.Take(2))}: {result}\n{server.Output}");
        return result;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
