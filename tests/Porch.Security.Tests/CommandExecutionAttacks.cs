using System.Net;
using System.Text.Json.Nodes;

namespace Porch.Security.Tests;

/// <summary>
/// Item 1: a user-given Git address, reference or directory that reaches a git command line as an option (or a
/// remote-helper transport) runs a command on the host. Each payload writes a marker file; none may appear.
/// </summary>
[Collection(AttackServerCollection.Name)]
public sealed class CommandExecutionAttacks(AttackServerFixture fixture)
{
    private SampleServer Server => fixture.Server;

    private static string[] Payloads(string marker) =>
    [
        $"--upload-pack=touch {marker};false #",
        $"--upload-pack=touch${{IFS}}{marker}",
        $"ext::sh -c touch% {marker}",
        $"ext::sh",
        "fd::3",
        $"-c core.sshCommand=touch${{IFS}}{marker}",
        $"ssh://-oProxyCommand=touch${{IFS}}{marker}/x",
        $"git@-oProxyCommand=touch${{IFS}}{marker}:x",
    ];

    public static TheoryData<int> PayloadIndexes => [0, 1, 2, 3, 4, 5, 6, 7];

    [Theory]
    [MemberData(nameof(PayloadIndexes))]
    public async Task CloneTask_OptionLikeUpstreamRepo_IsRefusedAndRunsNothing(int index)
    {
        var marker = Path.Combine(Server.WorkDir, $"pwned-clone-{index}");
        var payload = Payloads(marker)[index];
        using var client = Server.Client();
        await EnsureRepositoryAsync(client);

        var (status, body) = await PorchApi.PostAsync(client, PorchApi.Revisions("default"),
            PorchApi.Draft("target", $"clone-attack-{index}", "v1", PorchApi.GitClone(payload)));

        AssertRefused(status, body, "upstreamRef.git.repo");
        Assert.False(File.Exists(marker), "the payload ran: " + marker);
        await Server.AssertAliveAsync();
    }

    [Theory]
    [InlineData("--upload-pack=touch MARKER")]
    [InlineData("-oProxyCommand=touch MARKER")]
    public async Task CloneTask_OptionLikeReferenceOrDirectory_IsRefusedAndRunsNothing(string template)
    {
        var marker = Path.Combine(Server.WorkDir, "pwned-ref-" + Guid.NewGuid().ToString("N"));
        var payload = template.Replace("MARKER", marker);
        using var client = Server.Client();
        await EnsureRepositoryAsync(client);
        var upstream = PorchApi.BareRepository(Server.WorkDir, "upstream-" + Guid.NewGuid().ToString("N") + ".git");

        foreach (var task in new[] { PorchApi.GitClone(upstream, reference: payload), PorchApi.GitClone(upstream, directory: payload) })
        {
            var (status, body) = await PorchApi.PostAsync(client, PorchApi.Revisions("default"), PorchApi.Draft("target", "ref-attack", Guid.NewGuid().ToString("N")[..8], task));
            AssertRefused(status, body, "upstreamRef.git.");
        }

        Assert.False(File.Exists(marker), "the payload ran: " + marker);
        await Server.AssertAliveAsync();
    }

    [Theory]
    [MemberData(nameof(PayloadIndexes))]
    public async Task RepositoryAddress_OptionLikeOrTransport_IsRefusedAtRegistrationAndRunsNothing(int index)
    {
        var marker = Path.Combine(Server.WorkDir, $"pwned-repo-{index}");
        var payload = Payloads(marker)[index];
        using var client = Server.Client();

        var (status, body) = await PorchApi.PostAsync(client, PorchApi.Repositories("default"), PorchApi.Repository($"attack-{index}", payload));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("spec.git.repo", body, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the payload ran: " + marker);
        await Server.AssertAliveAsync();
    }

    [Theory]
    [InlineData("--orphan")]
    [InlineData("main;touch x")]
    [InlineData("a..b")]
    public async Task RepositoryBranch_OptionLikeOrInvalid_IsRefusedAtRegistration(string branch)
    {
        using var client = Server.Client();
        var remote = PorchApi.BareRepository(Server.WorkDir, "branch-" + Guid.NewGuid().ToString("N") + ".git");

        var (status, body) = await PorchApi.PostAsync(client, PorchApi.Repositories("default"), PorchApi.Repository("branch-attack", remote, branch: branch));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("spec.git.branch", body, StringComparison.Ordinal);
        await Server.AssertAliveAsync();
    }

    /// <summary>
    /// Refused before anything runs: a client error, or Porch's engine error (500 <c>Internal error occurred: ...</c>, as
    /// Porch answers a clone task its engine rejects) naming the field.
    /// </summary>
    private static void AssertRefused(HttpStatusCode status, string body, string field)
    {
        Assert.True((int)status is >= 400 and < 500 || (status == HttpStatusCode.InternalServerError && body.Contains("Internal error occurred: " + field, StringComparison.Ordinal)), $"{(int)status}: {body}");
        Assert.Contains(field, body, StringComparison.Ordinal);
    }

    private async Task EnsureRepositoryAsync(HttpClient client)
    {
        var (status, _) = await PorchApi.SendAsync(client, HttpMethod.Get, PorchApi.Repositories("default") + "/target");
        if (status == HttpStatusCode.NotFound)
        {
            await PorchApi.RegisterReadyAsync(client, "target", PorchApi.BareRepository(Server.WorkDir, "target.git"));
        }
    }
}
