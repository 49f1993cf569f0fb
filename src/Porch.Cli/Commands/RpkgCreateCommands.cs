using System.CommandLine;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;
using Porch.Krm.Merge;

namespace Porch.Cli.Commands;

/// <summary><c>rpkg init|clone|copy|upgrade</c>: the verbs that create a package revision through a task.</summary>
internal sealed class RpkgCreateCommands(CommandHost host)
{
    private static readonly Dictionary<string, PackageMergeStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["resource-merge"] = PackageMergeStrategy.ResourceMerge,
        ["fast-forward"] = PackageMergeStrategy.FastForward,
        ["force-delete-replace"] = PackageMergeStrategy.ForceDeleteReplace,
        ["copy-merge"] = PackageMergeStrategy.CopyMerge,
    };

    public IEnumerable<Command> Build() => [Init(), Clone(), Copy(), new RpkgUpgradeCommand(host, Strategies).Build()];

    private Command Init()
    {
        var package = new Argument<string>("PACKAGE_NAME") { Description = "Name of the new package" };
        var repository = new Option<string>("--repository") { Description = "Repository to create the package in", Required = true };
        var workspace = new Option<string>("--workspace") { Description = "Workspace name of the new package revision", Required = true };
        var description = new Option<string>("--description") { Description = "Short description of the package", DefaultValueFactory = _ => "sample description" };
        var keywords = new Option<string?>("--keywords") { Description = "Comma-separated keywords of the package" };
        var site = new Option<string?>("--site") { Description = "Link to the package's page" };
        var command = new Command("init", "Create a new package revision in a repository") { package, repository, workspace, description, keywords, site };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var init = new PackageInitTaskSpec { Description = parse.GetValue(description), Site = parse.GetValue(site) };
            init.Keywords.AddRange((parse.GetValue(keywords) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var revision = new PackageRevision
            {
                Spec = new PackageRevisionSpec
                {
                    PackageName = parse.GetValue(package),
                    WorkspaceName = parse.GetValue(workspace),
                    Repository = parse.GetValue(repository),
                    Tasks = [new TaskSpec { Type = TaskType.Init, Init = init }],
                },
            };
            return await RpkgCommands.CreateAsync(host, client, revision, "Creating package", cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private Command Clone()
    {
        var source = new Argument<string>("SOURCE_PACKAGE") { Description = "A package revision name, a Git URL (<repo>.git/<dir>@<ref>) or oci://image" };
        var target = new Argument<string>("TARGET_PACKAGE_NAME") { Description = "Name of the new package" };
        var repository = new Option<string>("--repository") { Description = "Repository to clone the package into", Required = true };
        var workspace = new Option<string>("--workspace") { Description = "Workspace name of the new package revision", DefaultValueFactory = _ => "v1" };
        var directory = new Option<string?>("--directory") { Description = "Folder of the upstream Git repository holding the package" };
        var reference = new Option<string?>("--ref") { Description = "Branch, tag or commit of the upstream Git repository" };
        var secretRef = new Option<string?>("--secret-ref") { Description = "Secret holding the upstream repository's credentials" };
        var command = new Command("clone", "Create a package revision by cloning an upstream package") { source, target, repository, workspace, directory, reference, secretRef };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var upstream = Upstream(parse.GetValue(source)!, parse.GetValue(directory), parse.GetValue(reference), parse.GetValue(secretRef));
            var revision = new PackageRevision
            {
                Spec = new PackageRevisionSpec
                {
                    PackageName = parse.GetValue(target),
                    WorkspaceName = parse.GetValue(workspace),
                    Repository = parse.GetValue(repository),
                    Tasks = [new TaskSpec { Type = TaskType.Clone, Clone = new PackageCloneTaskSpec { Upstream = upstream } }],
                },
            };
            return await RpkgCommands.CreateAsync(host, client, revision, "Cloning " + parse.GetValue(source), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private Command Copy()
    {
        var source = new Argument<string>("SOURCE_PACKAGE_REVISION") { Description = "The published package revision to copy" };
        var workspace = new Option<string>("--workspace") { Description = "Workspace name of the copy", Required = true };
        var command = new Command("copy", "Create a new revision of a package by copying one of its revisions") { source, workspace };
        command.Aliases.Add("edit");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var name = parse.GetValue(source)!;
            var original = await RpkgCommands.GetRevisionAsync(client, name, cancellationToken).ConfigureAwait(false);
            var revision = new PackageRevision
            {
                Spec = new PackageRevisionSpec
                {
                    PackageName = original.Spec.PackageName,
                    WorkspaceName = parse.GetValue(workspace),
                    Repository = original.Spec.Repository,
                    Tasks = [new TaskSpec { Type = TaskType.Edit, Edit = new PackageEditTaskSpec { SourceRef = new PackageRevisionRef { Name = name } } }],
                },
            };
            return await RpkgCommands.CreateAsync(host, client, revision, "Copying " + name, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// porchctl's reading of a clone source: <c>oci://image</c>, a Git URL (<c>https://host/repo.git/dir@ref</c>, or
    /// any URL with <c>--directory</c>/<c>--ref</c>), else the name of a registered package revision.
    /// </summary>
    internal static UpstreamPackage Upstream(string source, string? directory, string? reference, string? secretRef)
    {
        if (source.StartsWith("oci://", StringComparison.Ordinal))
        {
            return new UpstreamPackage { Type = RepositoryType.Oci, Oci = new OciPackage { Image = source["oci://".Length..] } };
        }

        var isUrl = source.Contains("://", StringComparison.Ordinal) || source.StartsWith("git@", StringComparison.Ordinal) || source.StartsWith('/');
        if (!isUrl)
        {
            return new UpstreamPackage { UpstreamRef = new PackageRevisionRef { Name = source } };
        }

        var repo = source;
        string? dir = null, gitRef = null;
        var dotGit = source.IndexOf(".git", StringComparison.Ordinal);
        if (dotGit >= 0 && (dotGit + 4 == source.Length || source[dotGit + 4] is '/' or '@'))
        {
            repo = source[..(dotGit + 4)];
            var rest = source[(dotGit + 4)..];
            var at = rest.LastIndexOf('@');
            if (at >= 0)
            {
                gitRef = rest[(at + 1)..];
                rest = rest[..at];
            }

            dir = rest.Length > 0 ? rest : null;
        }

        var git = new GitPackage
        {
            Repo = repo,
            Directory = directory ?? dir ?? "/",
            Ref = reference ?? gitRef ?? "main",
        };
        if (!string.IsNullOrEmpty(secretRef))
        {
            git.SecretRef = new SecretRef { Name = secretRef };
        }

        return new UpstreamPackage { Type = RepositoryType.Git, Git = git };
    }
}
