using System.Net;

namespace Porch.Security.Tests;

/// <summary>Item 9, the sample itself: no built-in token, repositories kept across a restart, a clean SIGTERM under load.</summary>
public sealed class ServerConfigurationAttacks
{
    [Fact]
    public async Task Start_WithoutAConfiguredToken_RefusesToServe()
    {
        var workDir = Directory.CreateTempSubdirectory("porch-security-").FullName;
        try
        {
            var (exitCode, output) = await SampleServer.RunToExitAsync(["--urls", "https://127.0.0.1:0", "--cache-dir", Path.Combine(workDir, "cache")]);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("Porch:Tokens", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_KeepsRepositoriesAppliedThroughTheApi()
    {
        await using var first = await SampleServer.StartAsync();
        using (var client = first.Client())
        {
            await PorchApi.RegisterReadyAsync(client, "kept", PorchApi.BareRepository(first.WorkDir, "kept.git"));
        }

        Assert.Equal(0, await first.TerminateAsync());
        await using var second = await first.RestartAsync();
        using var again = second.Client();

        var (status, body) = await PorchApi.SendAsync(again, HttpMethod.Get, PorchApi.Repositories("default") + "/kept");

        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}\n{second.Output}");
    }

    [Fact]
    public async Task Sigterm_DuringHeavyWork_ShutsDownCleanly()
    {
        await using var server = await SampleServer.StartAsync();
        using var client = server.Client();
        await PorchApi.RegisterReadyAsync(client, "busy", PorchApi.BareRepository(server.WorkDir, "busy.git"));
        var work = Enumerable.Range(0, 24).Select(async i =>
        {
            try
            {
                await PorchApi.PostAsync(client, PorchApi.Revisions("default"), PorchApi.Draft("busy", $"p{i}", "v1"));
            }
            catch (HttpRequestException)
            {
                // The server went away mid-request: expected during shutdown.
            }
            catch (TaskCanceledException)
            {
                // Same.
            }
        }).ToArray();

        var exitCode = await server.TerminateAsync();
        await Task.WhenAll(work);

        Assert.DoesNotContain("Unhandled exception", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Directory not empty", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }
}
