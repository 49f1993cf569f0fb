using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Porch.Cli.Infrastructure;
using Porch.Cli.Local;
using Porch.Cli.Output;
using Porch.Engine.Api;
using Porch.Engine.Repositories;
using RepositoryObject = Porch.Engine.Api.Repository;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>porchctl repo list-revisions URL</c>: the package revisions the Git adapter finds in any repository (written by
/// Porch or by us), without a server; the mirror is kept under the user's cache folder.
/// </summary>
internal sealed class RepoListRevisionsCommand(CommandHost host)
{
    public Command Build()
    {
        var url = new Argument<string>("URL") { Description = "The Git repository: a URL or a local path" };
        var branch = new Option<string>("--branch") { Description = "Branch holding the packages", DefaultValueFactory = _ => "main" };
        var directory = new Option<string>("--directory") { Description = "Folder of the repository holding the packages", DefaultValueFactory = _ => "/" };
        var output = new Option<string>("--output", "-o") { Description = "table, json or yaml", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json", "yaml");
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Where to keep the Git mirror (default: ~/.cache/porchctl/git)" };
        var command = new Command("list-revisions", "List the package revisions of a Git repository (no server needed)") { url, branch, directory, output, cacheDir };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var address = parse.GetValue(url)!;
            if (!address.Contains("://", StringComparison.Ordinal) && Directory.Exists(address))
            {
                address = Path.GetFullPath(address);
            }

            var repository = new RepositoryObject
            {
                Metadata = new ObjectMeta { Namespace = "default", Name = RepositoryName(address) },
                Spec = new RepositorySpec
                {
                    Type = RepositoryType.Git,
                    Git = new GitRepository { Repo = address, Branch = parse.GetValue(branch), Directory = parse.GetValue(directory) },
                },
            };
            var provider = LocalEngine.ForGit(parse.GetValue(cacheDir) ?? DefaultCache());
            await using var disposeProvider = provider.ConfigureAwait(false);
            var adapter = provider.GetServices<IRepositoryAdapter>().First(a => a.Type == RepositoryType.Git);
            List<PackageRevision> revisions;
            await using (Progress.Start(host.Console, $"Fetching {address}", plainWhenRedirected: true))
            {
                var repo = await adapter.OpenRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
                await using var disposeRepo = repo.ConfigureAwait(false);
                var listed = await repo.ListPackageRevisionsAsync(PackageRevisionFilter.All, cancellationToken).ConfigureAwait(false);
                revisions = listed
                    .Select(r => new PackageRevision
                    {
                        Metadata = new ObjectMeta { Name = r.Key.ObjectName, Namespace = repository.Metadata.Namespace, ResourceVersion = r.ResourceVersion },
                        Spec = new PackageRevisionSpec
                        {
                            PackageName = r.Key.Package.PackagePath,
                            WorkspaceName = r.Key.WorkspaceName,
                            Revision = r.Key.Revision,
                            Repository = repository.Metadata.Name,
                            Lifecycle = r.Lifecycle,
                        },
                        Status = new PackageRevisionStatus { PublishedBy = r.PublishInfo.PublishedBy, PublishedAt = r.PublishInfo.PublishedAt },
                    })
                    .OrderBy(r => r.Spec.PackageName, StringComparer.Ordinal)
                    .ThenBy(r => r.Spec.Revision)
                    .ThenBy(r => r.Spec.WorkspaceName, StringComparer.Ordinal)
                    .ToList();
            }

            switch (parse.GetValue(output))
            {
                case "json":
                case "yaml":
                    var list = JsonSerializer.SerializeToNode(new PackageRevisionList { Items = revisions }, PorchJsonContext.Default.PackageRevisionList)!;
                    await host.Console.Out.WriteAsync(parse.GetValue(output) == "json"
                        ? list.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"
                        : JsonYaml.ToYamlText(list)).ConfigureAwait(false);
                    break;
                default:
                    var rows = revisions.Select(r => (IReadOnlyList<string>)
                    [
                        r.Metadata.Name!, r.Spec.PackageName!, r.Spec.WorkspaceName!, r.Spec.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Spec.Lifecycle.ToString()!,
                    ]).ToList();
                    if (rows.Count > 0)
                    {
                        await host.Console.Out.WriteAsync(TextTable.Format(["NAME", "PACKAGE", "WORKSPACENAME", "REVISION", "LIFECYCLE"], rows)).ConfigureAwait(false);
                    }
                    else
                    {
                        await host.Console.Error.WriteLineAsync($"No package revisions found in {address}").ConfigureAwait(false);
                    }

                    break;
            }

            return 0;
        });
        return command;
    }

    private static string RepositoryName(string address)
    {
        var trimmed = address.TrimEnd('/');
        var last = trimmed[(Math.Max(trimmed.LastIndexOf('/'), trimmed.LastIndexOf(':')) + 1)..];
        last = last.EndsWith(".git", StringComparison.Ordinal) ? last[..^4] : last;
        var name = new string(last.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray()).Trim('-');
        return name.Length == 0 ? "repository" : name;
    }

    private static string DefaultCache()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(root, "porchctl", "git");
    }
}
