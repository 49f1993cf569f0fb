using System.CommandLine;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;

namespace Porch.Cli.Commands;

/// <summary><c>porchctl rpkg</c>: package revisions on a Porch server, split by concern into three verb groups.</summary>
internal sealed class RpkgCommands(CommandHost host)
{
    public Command Build()
    {
        var rpkg = new Command("rpkg", "Manage package revisions on a Porch server");
        rpkg.Aliases.Add("rpackage"); // Porch's rpkgcmd.go
        foreach (var command in new RpkgCreateCommands(host).Build()
            .Concat(new RpkgContentCommands(host).Build())
            .Concat(new RpkgLifecycleCommands(host).Build()))
        {
            rpkg.Subcommands.Add(command);
        }

        return rpkg;
    }

    /// <summary>GETs one package revision; a missing one is porchctl's <c>the server could not find the requested resource</c>.</summary>
    internal static async Task<PackageRevision> GetRevisionAsync(PorchClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(PorchClient.Named(PorchClient.PackageRevisions(client.Namespace), name), PorchJsonContext.Default.PackageRevision, cancellationToken).ConfigureAwait(false);
        }
        catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw NotFound(name, ex);
        }
    }

    /// <summary>porchctl's (kubectl's) text for a 404 on a named package revision.</summary>
    internal static CliException NotFound(string name, Exception? inner = null) =>
        CliException.Error($"the server could not find the requested resource (get {PorchApi.PackageRevisionsResource}.{PorchApi.Group} {name})", inner);

    /// <summary>Creates a package revision and prints porchctl's <c>&lt;name&gt; created</c>.</summary>
    internal static async Task<int> CreateAsync(CommandHost host, PorchClient client, PackageRevision revision, string progress, CancellationToken cancellationToken)
    {
        revision.Metadata.Namespace = client.Namespace;
        PackageRevision created;
        await using (Progress.Start(host.Console, progress))
        {
            created = await client.WriteAsync(HttpMethod.Post, PorchClient.PackageRevisions(client.Namespace), revision, PorchJsonContext.Default.PackageRevision, cancellationToken).ConfigureAwait(false);
        }

        await host.Console.Out.WriteLineAsync($"{created.Metadata.Name} created").ConfigureAwait(false);
        return 0;
    }
}
