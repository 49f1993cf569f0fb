using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Cli.Local;
using Porch.Cli.Output;
using Porch.Engine.Api;
using Porch.Krm;

namespace Porch.Cli.Commands;

/// <summary><c>rpkg get|pull|push</c>: listing package revisions and moving their contents between the server and a folder or a pipe.</summary>
internal sealed class RpkgContentCommands(CommandHost host)
{
    public IEnumerable<Command> Build() => [Get(), Pull(), Push()];

    private Command Get()
    {
        var name = new Argument<string?>("PACKAGE_REVISION") { Description = "A package revision (default: all in the namespace)", Arity = ArgumentArity.ZeroOrOne };
        var packageName = new Option<string?>("--name") { Description = "Only packages whose name contains this text" };
        var revision = new Option<int?>("--revision") { Description = "Only this revision number" };
        var workspace = new Option<string?>("--workspace") { Description = "Only this workspace name" };
        var showKptfile = new Option<bool>("--show-kptfile") { Description = "Print the Kptfile of the package revision" };
        var output = new OutputFormat();
        var command = new Command("get", "List package revisions") { name, packageName, revision, workspace, showKptfile };
        output.AddTo(command);
        command.Aliases.Add("list");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var one = parse.GetValue(name);
            if (parse.GetValue(showKptfile))
            {
                if (one is null)
                {
                    throw CliException.Error("--show-kptfile requires exactly one package revision name");
                }

                var resources = await GetResourcesAsync(client, one, cancellationToken).ConfigureAwait(false);
                await host.Console.Out.WriteAsync(resources.Spec.Resources.GetValueOrDefault(Kptfile.FileName, "")).ConfigureAwait(false);
                return 0;
            }

            var collection = PorchClient.PackageRevisions(client.Namespace);
            var selectors = new List<string>();
            if (parse.GetValue(revision) is { } n)
            {
                selectors.Add("spec.revision=" + n.ToString(CultureInfo.InvariantCulture));
            }

            if (parse.GetValue(workspace) is { } ws)
            {
                selectors.Add("spec.workspaceName=" + ws);
            }

            var path = one is not null ? PorchClient.Named(collection, one)
                : selectors.Count > 0 ? collection + "?fieldSelector=" + Uri.EscapeDataString(string.Join(',', selectors))
                : collection;
            JsonObject response;
            try
            {
                response = await client.GetNodeAsync(path, output.WantsTable(parse), cancellationToken).ConfigureAwait(false);
            }
            catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound && one is not null)
            {
                throw RpkgCommands.NotFound(one, ex);
            }

            var contains = parse.GetValue(packageName);
            if (output.WantsTable(parse))
            {
                if (contains is not null && response["rows"] is JsonArray rows)
                {
                    var column = (response["columnDefinitions"] as JsonArray ?? []).Select(c => (string?)c?["name"]).ToList().IndexOf("Package");
                    foreach (var row in rows.ToList())
                    {
                        if (column < 0 || row?["cells"]?[column]?.GetValue<string>() is not { } package || !package.Contains(contains, StringComparison.Ordinal))
                        {
                            rows.Remove(row);
                        }
                    }
                }

                output.PrintTable(parse, response, host.Console.Out);
                return 0;
            }

            var items = one is not null ? [response] : (response["items"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(i => contains is null || ((string?)i["spec"]?["packageName"] ?? "").Contains(contains, StringComparison.Ordinal))
                .ToList();
            output.PrintObjects(parse, items, one is not null, host.Console.Out);
            return 0;
        });
        return command;
    }

    private Command Pull()
    {
        var name = new Argument<string>("PACKAGE_REVISION") { Description = "The package revision to pull" };
        var dir = new Argument<string?>("DIR") { Description = "Folder to write the package to (default: print a ResourceList)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("pull", "Pull the contents of a package revision") { name, dir };
        command.Aliases.Add("source");
        command.Aliases.Add("read");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var resources = await GetResourcesAsync(client, parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(dir) is not { } target)
            {
                await host.Console.Out.WriteAsync(RevisionResourceList.Write(resources)).ConfigureAwait(false);
                return 0;
            }

            Directory.CreateDirectory(target);
            var before = await PackageFolder.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            var after = new Dictionary<string, string>(before, StringComparer.Ordinal);
            foreach (var (path, text) in resources.Spec.Resources)
            {
                after[path] = text;
            }

            after[RevisionResourceList.MetadataFile] = RevisionResourceList.Metadata(resources, annotate: false).ToYaml();
            await PackageFolder.WriteAsync(target, before, after, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private Command Push()
    {
        var name = new Argument<string>("PACKAGE_REVISION") { Description = "The package revision to push to" };
        var dir = new Argument<string?>("DIR") { Description = "Folder holding the package (default: read a ResourceList from stdin)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("push", "Push new contents to a package revision") { name, dir };
        command.Aliases.Add("sink");
        command.Aliases.Add("write");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var revisionName = parse.GetValue(name)!;
            Dictionary<string, string> files;
            string? version;
            if (parse.GetValue(dir) is { } source)
            {
                if (!Directory.Exists(source))
                {
                    throw CliException.Error($"\"{source}\" is not a folder");
                }

                files = await PackageFolder.ReadAsync(source, cancellationToken).ConfigureAwait(false);
                version = files.Remove(RevisionResourceList.MetadataFile, out var metadata) ? RevisionResourceList.ResourceVersionOf(KubeObject.Parse(metadata, RevisionResourceList.MetadataFile)) : null;
            }
            else
            {
                (files, version) = RevisionResourceList.Read(await host.Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
            }

            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var update = new PackageRevisionResources
            {
                Metadata = new ObjectMeta { Name = revisionName, Namespace = client.Namespace, ResourceVersion = version },
                Spec = new PackageRevisionResourcesSpec { Resources = files },
            };
            PackageRevisionResources pushed;
            await using (Progress.Start(host.Console, "Pushing " + revisionName))
            {
                pushed = await client.WriteAsync(HttpMethod.Put, PorchClient.Named(PorchClient.PackageRevisionResources(client.Namespace), revisionName), update, PorchJsonContext.Default.PackageRevisionResources, cancellationToken).ConfigureAwait(false);
            }

            if (pushed.Status.RenderStatus.Error is { Length: > 0 } renderError)
            {
                throw CliException.Error(renderError);
            }

            await host.Console.Out.WriteLineAsync($"{revisionName} pushed").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<PackageRevisionResources> GetResourcesAsync(PorchClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(PorchClient.Named(PorchClient.PackageRevisionResources(client.Namespace), name), PorchJsonContext.Default.PackageRevisionResources, cancellationToken).ConfigureAwait(false);
        }
        catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw CliException.Error($"the server could not find the requested resource (get {PorchApi.PackageRevisionResourcesResource}.{PorchApi.Group} {name})", ex);
        }
    }
}
