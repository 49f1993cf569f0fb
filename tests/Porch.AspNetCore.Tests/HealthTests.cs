using System.Net;

namespace Porch.AspNetCore.Tests;

/// <summary>The repositories health check of samples/Server: unhealthy while the remote is gone, healthy again after.</summary>
[Collection(ServerCollection.Name)]
public sealed class HealthTests(ServerFixture server)
{
    [Fact]
    public async Task Healthz_FollowsRemoteAvailability()
    {
#pragma warning disable CA5400, CA2000 // Test client for the sample's throw-away self-signed certificate; the client owns the handler.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }, disposeHandler: true)
        {
            BaseAddress = new Uri(server.Address),
        };
#pragma warning restore CA5400, CA2000
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await Check(http));

        var moved = server.Remote + ".away";
        Directory.Move(server.Remote, moved);
        try
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await Check(http));
        }
        finally
        {
            Directory.Move(moved, server.Remote);
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await Check(http));
    }

    private static async Task<(HttpStatusCode, string)> Check(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
