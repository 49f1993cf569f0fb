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
        var names = new Argument<string[]>("PACKAGE_REVISION") { Description = "Package revisions to get (default: all in the namespace)", Arity = ArgumentArity.ZeroOrMore };
        var packageName = new Option<string?>("--name") { Description = "Name of the packages to get. Any package whose name contains this value will be included in the results." };
        var revision = new Option<long?>("--revision", "--rev") { Description = "Revision of the packages to get. Any package whose revision matches this value will be included in the results." };
        var workspace = new Option<string?>("--workspace", "-w", "--ws") { Description = "WorkspaceName of the packages to get. Any package whose workspaceName matches this value will be included in the results." };
        var repository = new Option<string?>("--repository", "-r", "--repo") { Description = "Repository of the packages to get. Any package residing in the specified repository will be included in the results." };
        var showKptfile = new Option<bool>("--show-kptfile") { Description = "Display the root Kptfile of the specified package revision. Requires a single package revision name as an argument." };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace." };
        var output = new OutputFormat();
        var command = new Command("get", "List package revisions in registered repositories.") { names, packageName, revision, workspace, repository, showKptfile, allNamespaces };
        output.AddTo(command);
        command.Aliases.Add("list");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var requested = parse.GetValue(names) ?? [];
            var all = parse.GetValue(allNamespaces);
            if (parse.GetValue(showKptfile))
            {
                // get/command.go preRunShowKptfile: one name, no filters, one namespace.
                if (requested.Length != 1)
                {
                    throw CliException.Error("--show-kptfile requires exactly one package revision name as an argument");
                }

                if (parse.GetValue(packageName) is not null || parse.GetValue(revision) is not null || parse.GetValue(workspace) is not null)
                {
                    throw CliException.Error("--show-kptfile cannot be combined with --name, --revision, or --workspace");
                }

                if (all)
                {
                    throw CliException.Error("--show-kptfile cannot be combined with --all-namespaces");
                }

                using var kptfileClient = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
                var resources = await GetResourcesAsync(kptfileClient, requested[0], cancellationToken).ConfigureAwait(false);
                if (!resources.Spec.Resources.TryGetValue(Kptfile.FileName, out var kptfile))
                {
                    throw CliException.Error($"package revision \"{requested[0]}\" does not contain a root Kptfile");
                }

                await host.Console.Out.WriteAsync(kptfile).ConfigureAwait(false);
                return 0;
            }

            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var collection = all ? PorchClient.AllPackageRevisions : PorchClient.PackageRevisions(client.Namespace);

            // The filters are field selectors, sorted by field as Kubernetes' fields.Set writes them; named
            // revisions are fetched one by one (selectors cannot be combined with names).
            var selectors = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (parse.GetValue(packageName) is { } pkg)
            {
                selectors["spec.packageName"] = pkg;
            }

            if (parse.GetValue(repository) is { } repo)
            {
                selectors["spec.repository"] = repo;
            }

            if (parse.GetValue(revision) is { } n)
            {
                selectors["spec.revision"] = n.ToString(CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(workspace) is { } ws)
            {
                selectors["spec.workspaceName"] = ws;
            }

            var table = output.WantsTable(parse);
            var responses = new List<JsonObject>();
            if (requested.Length > 0)
            {
                foreach (var one in requested)
                {
                    try
                    {
                        responses.Add(await client.GetNodeAsync(PorchClient.Named(PorchClient.PackageRevisions(client.Namespace), one), table, cancellationToken).ConfigureAwait(false));
                    }
                    catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        throw RpkgCommands.NotFound(one, ex);
                    }
                }
            }
            else
            {
                var path = selectors.Count > 0 ? collection + "?fieldSelector=" + Uri.EscapeDataString(string.Join(',', selectors.Select(f => f.Key + "=" + f.Value))) : collection;
                responses.Add(await client.GetNodeAsync(path, table, cancellationToken).ConfigureAwait(false));
            }

            if (table)
            {
                output.PrintTable(parse, OutputFormat.MergeTables(responses), host.Console.Out, withNamespace: all);
                return 0;
            }

            var items = requested.Length > 0 ? responses : responses.SelectMany(r => (r["items"] as JsonArray ?? []).OfType<JsonObject>()).ToList();
            output.PrintObjects(parse, items, requested.Length == 1, host.Console.Out);
            return 0;
        });
        return command;
    }

    private Command Pull()
    {
        var name = new Argument<string>("PACKAGE_REVISION") { Description = "The package revision to pull" };
        var dir = new Argument<string?>("DIR") { Description = "Folder to write the package to (default: print a ResourceList)", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Overwrite the target directory if it already exists" };
        var command = new Command("pull", "Pull the contents of a package revision") { name, dir, force };
        command.Aliases.Add("source");
        command.Aliases.Add("read");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var revisionName = parse.GetValue(name)!;
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var node = await GetResourcesNodeAsync(client, revisionName, cancellationToken).ConfigureAwait(false);
            var resources = node.Deserialize(PorchJsonContext.Default.PackageRevisionResources) ?? new PackageRevisionResources();
            var files = new Dictionary<string, string>(resources.Spec.Resources, StringComparer.Ordinal)
            {
                [RevisionResourceList.MetadataFile] = RevisionResourceList.MetadataText(node["metadata"] as JsonObject),
            };
            if (parse.GetValue(dir) is not { } target)
            {
                await host.Console.Out.WriteAsync(RevisionResourceList.Write(files)).ConfigureAwait(false);
                return 0;
            }

            // pull's writeToDir: an existing target is replaced only when it holds the same package (its
            // .KptRevisionMetadata names another workspace of it) or with --force.
            if (Directory.Exists(target) || File.Exists(target))
            {
                if (!parse.GetValue(force) && !await IsSamePackageAsync(target, revisionName, cancellationToken).ConfigureAwait(false))
                {
                    throw CliException.Error($"directory {GoString.Quote(target)} already exists, please delete the directory and retry; you may overwrite the directory with --force");
                }

                if (File.Exists(target))
                {
                    File.Delete(target);
                }
                else
                {
                    Directory.Delete(target, recursive: true);
                }
            }

            Directory.CreateDirectory(target);
            await PackageFolder.WriteAsync(target, new Dictionary<string, string>(), files, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private Command Push()
    {
        var name = new Argument<string>("PACKAGE_REVISION") { Description = "The package revision to push to" };
        var dir = new Argument<string?>("DIR") { Description = "Folder holding the package (default, or \"-\": read a ResourceList from stdin)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("push", "Push new contents to a package revision") { name, dir };
        command.Aliases.Add("sink");
        command.Aliases.Add("write");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var revisionName = parse.GetValue(name)!;
            Dictionary<string, string> files;
            if (parse.GetValue(dir) is { } source && source != "-")
            {
                if (!Directory.Exists(source))
                {
                    throw CliException.Error($"lstat {source}: no such file or directory");
                }

                files = await PackageFolder.ReadAsync(source, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                files = RevisionResourceList.Read(await host.Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
            }

            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            files.Remove(RevisionResourceList.MetadataFile, out var metadata);
            var version = RevisionResourceList.ResourceVersion(metadata, client.Namespace, revisionName);
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

            await host.Console.Error.WriteAsync(PushReport.Format(pushed.Status.RenderStatus)).ConfigureAwait(false);
            await host.Console.Out.WriteLineAsync($"{revisionName} pushed").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Porch's <c>IsSamePackage</c>: the folder's metadata names the same repository and package (any workspace).</summary>
    private static async Task<bool> IsSamePackageAsync(string dir, string revisionName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dir, RevisionResourceList.MetadataFile);
        if (!File.Exists(path))
        {
            return false;
        }

        var existing = RevisionResourceList.NameOf(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        return existing is not null && TrimWorkspace(existing) == TrimWorkspace(revisionName);

        static string TrimWorkspace(string name) => name.LastIndexOf('.') is var i and >= 0 ? name[..i] : name;
    }

    private static async Task<JsonObject> GetResourcesNodeAsync(PorchClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetNodeAsync(PorchClient.Named(PorchClient.PackageRevisionResources(client.Namespace), name), false, cancellationToken).ConfigureAwait(false);
        }
        catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw CliException.Error($"the server could not find the requested resource (get {PorchApi.PackageRevisionResourcesResource}.{PorchApi.Group} {name})", ex);
        }
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
