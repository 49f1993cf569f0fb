using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Porch.Tests.Shared;

namespace Porch.AspNetCore.Tests;

/// <summary>
/// Repository names and Porch's RepositoryConflict check (issue 23) with the texts of their sources: apiserver's
/// object-meta name rule for custom resources (NameIsDNSSubdomain), the CRD's CEL rules on metadata.name
/// (api/porchconfig/v1alpha1/repository_types.go), and Porch's repository validating webhook
/// (pkg/apiserver/webhooks.go validateRepository/isConflict) as apiserver relays a denial.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RepositoryValidationTests(ServerFixture server)
{
    private const string Repositories = "/apis/config.porch.kpt.dev/v1alpha1/namespaces/default/repositories";

    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private string Remote(string name)
    {
        var remote = Path.Combine(server.WorkDir, name + ".git");
        if (!Directory.Exists(remote))
        {
            Conformance.Git(server.WorkDir, "init", "-q", "--bare", "-b", "main", remote);
        }

        return remote;
    }

    private static string Yaml(string name, string remote, string directory = "", string ns = "default") => $"""
        apiVersion: config.porch.kpt.dev/v1alpha1
        kind: Repository
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          type: git
          git:
            repo: {remote}
            branch: main
            directory: "{directory}"
            createBranch: true
        """;

    private async Task<JsonNode> Post(string name, HttpStatusCode expected)
    {
        using var http = server.Client(ServerFixture.EditorToken);
        var body = new JsonObject
        {
            ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
            ["kind"] = "Repository",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["type"] = "git", ["git"] = new JsonObject { ["repo"] = Remote("names"), ["branch"] = "main" } },
        };
        using var response = await http.PostAsync(new Uri(Repositories, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<string> Refused(string yaml, string ns = "default")
    {
        var result = await server.KubectlInputAsync(yaml, "apply", "-f", "-", "-n", ns);
        Assert.True(result.ExitCode != 0, "kubectl apply was accepted: " + result.Stdout);
        return result.Stderr.Trim();
    }

    private async Task Accepted(string yaml, string ns = "default")
    {
        var result = await server.KubectlInputAsync(yaml, "apply", "-f", "-", "-n", ns);
        Assert.True(result.ExitCode == 0, result.Stderr + "\n" + server.ServerOutput);
    }

    private async Task Delete(string name, string ns = "default")
    {
        var result = await server.KubectlAsync("delete", "repository", name, "-n", ns);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    [Fact]
    public async Task Name_NotASubdomain_MetaErrorThenCelRule422()
    {
        var status = await Post("Bad_Name", HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal(
            $"Repository.config.porch.kpt.dev \"Bad_Name\" is invalid: [metadata.name: Invalid value: \"Bad_Name\": {SubdomainMessage}, <root>: Invalid value: \"object\": metadata.name must conform to the RFC1123 DNS label standard]",
            status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Name_SubdomainButNotALabel_CelRuleText_AsKubectlShowsIt()
    {
        var status = await Post("with.dot", HttpStatusCode.UnprocessableEntity);
        Assert.Equal(
            "Repository.config.porch.kpt.dev \"with.dot\" is invalid: <root>: Invalid value: \"object\": metadata.name must conform to the RFC1123 DNS label standard",
            status["message"]!.GetValue<string>());
        Assert.Equal(
            "The Repository \"with.dot\" is invalid: <root>: Invalid value: \"object\": metadata.name must conform to the RFC1123 DNS label standard",
            await Refused(Yaml("with.dot", Remote("names"))));
    }

    [Fact]
    public async Task Name_Over63Characters_CelLengthRule()
    {
        var name = new string('a', 64);
        var status = await Post(name, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(
            $"Repository.config.porch.kpt.dev \"{name}\" is invalid: <root>: Invalid value: \"object\": metadata.name must be no more than 63 characters",
            status["message"]!.GetValue<string>());
        await Post(new string('a', 63), HttpStatusCode.Created);
        await Delete(new string('a', 63));
    }

    [Fact]
    public async Task Conflict_SameUrlBranchDirectorySameNamespace_RootAndSubdirectory_Refused()
    {
        // Rule 1: the blueprints repository's own URL, branch and (root) directory under another name.
        const string expected = "Error from server (RepositoryConflict): error when creating \"STDIN\": admission webhook \"porchrepositorywebhook.nephio.org\" denied the request: Repository conflict with existing repository: default/blueprints";
        Assert.Equal(expected, await Refused(Yaml("blueprints-again", server.Remote)));

        // Rule 2: a directory of a repository registered at its root.
        Assert.Equal(expected, await Refused(Yaml("blueprints-sub", server.Remote, "sub")));

        // The same status over HTTP: 400, reason RepositoryConflict.
        using var http = server.Client(ServerFixture.EditorToken);
        var body = new JsonObject
        {
            ["apiVersion"] = "config.porch.kpt.dev/v1alpha1",
            ["kind"] = "Repository",
            ["metadata"] = new JsonObject { ["name"] = "blueprints-http" },
            ["spec"] = new JsonObject { ["type"] = "git", ["git"] = new JsonObject { ["repo"] = server.Remote } },
        };
        using var response = await http.PostAsync(new Uri(Repositories, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("Failure", "RepositoryConflict", 400), (status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Conflict_NestedDirectories_RefusedAcrossNamespaces_SiblingsAndOtherNamespaceRootAccepted()
    {
        var remote = Remote("nested");
        Assert.Equal(0, (await server.KubectlAsync("create", "namespace", "conflicts")).ExitCode);
        await Accepted(Yaml("nest-a", remote, "a"));
        try
        {
            // Rule 3: one directory inside the other, here from another namespace too.
            const string expected = "Error from server (RepositoryConflict): error when creating \"STDIN\": admission webhook \"porchrepositorywebhook.nephio.org\" denied the request: Repository conflict with existing repository: default/nest-a";
            Assert.Equal(expected, await Refused(Yaml("nest-b", remote, "a/b")));
            Assert.Equal(expected, await Refused(Yaml("nest-b", remote, "/a/b/", "conflicts"), "conflicts"));

            // Rule 1 needs the same namespace: the same directory elsewhere is accepted; "ab" is a sibling of "a".
            await Accepted(Yaml("nest-a", remote, "a", "conflicts"), "conflicts");
            await Accepted(Yaml("nest-ab", remote, "ab"));

            // An update is checked as well (the object re-applied unchanged is not in conflict with itself).
            await Accepted(Yaml("nest-ab", remote, "ab"));
            await Delete("nest-ab");
            await Delete("nest-a", "conflicts");
        }
        finally
        {
            await Delete("nest-a");
        }
    }
}
