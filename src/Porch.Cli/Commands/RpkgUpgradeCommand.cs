using System.CommandLine;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;
using Porch.Krm.Merge;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>rpkg upgrade SOURCE --workspace WS</c>, as Porch's pkg/cli/commands/rpkg/upgrade/command.go: a new revision of a
/// published downstream package, three-way merged from the upstream revision it came from (its clone, the origin of
/// its edits, or its last upgrade) to a newer one (<c>--revision</c>, default the latest published).
/// </summary>
internal sealed class RpkgUpgradeCommand(CommandHost host, IReadOnlyDictionary<string, PackageMergeStrategy> strategies)
{
    public Command Build()
    {
        var source = new Argument<string[]>("SOURCE_PACKAGE_REVISION") { Description = "The published downstream package revision to upgrade", Arity = ArgumentArity.ZeroOrMore };
        var revision = new Option<int>("--revision") { Description = "Revision of the upstream package to upgrade to." };
        var workspace = new Option<string?>("--workspace") { Description = "Workspace name of the upgrade package revision." };
        var strategy = new Option<string>("--strategy") { Description = "Strategy to use for the upgrade. Options: resource-merge (default), fast-forward, force-delete-replace, copy-merge.", DefaultValueFactory = _ => "resource-merge" };
        var discover = new Option<string?>("--discover")
        {
            Description = "If set, search for available updates instead of performing an update.\nSetting this to 'upstream' will discover upstream updates of downstream packages.\nSetting this to 'downstream' will discover downstream package revisions of upstream packages that need to be updated.",
        };
        var command = new Command("upgrade", "Create a new revision that upgrades a downstream package to a newer upstream revision") { source, revision, workspace, strategy, discover };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            // preRunE: the argument and flag rules, in Porch's order, before anything is read.
            var args = parse.GetValue(source) ?? [];
            var discovering = parse.GetValue(discover) ?? "";
            if (discovering.Length > 0)
            {
                if (discovering is not (UpgradeDiscovery.Upstream or UpgradeDiscovery.Downstream))
                {
                    throw CliException.Error("argument for 'discover' must be one of 'upstream' or 'downstream'");
                }

                using var discoveryClient = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
                var revisions = (await discoveryClient.GetAsync(PorchClient.PackageRevisions(discoveryClient.Namespace), PorchJsonContext.Default.PackageRevisionList, cancellationToken).ConfigureAwait(false)).Items;
                var repositories = (await discoveryClient.GetAsync(PorchClient.AllRepositories, PorchJsonContext.Default.RepositoryList, cancellationToken).ConfigureAwait(false)).Items;
                await host.Console.Out.WriteAsync(UpgradeDiscovery.Run(discovering, args, revisions, repositories)).ConfigureAwait(false);
                return 0;
            }

            if (args.Length < 1)
            {
                throw CliException.Error("SOURCE_PACKAGE_REVISION is a required positional argument");
            }

            if (args.Length > 1)
            {
                throw CliException.Error("too many arguments; SOURCE_PACKAGE_REVISION is the only accepted positional arguments");
            }

            var wanted = parse.GetValue(revision);
            if (wanted < 0)
            {
                throw CliException.Error("revision must be positive (and not main)");
            }

            var workspaceName = parse.GetValue(workspace);
            if (string.IsNullOrEmpty(workspaceName))
            {
                throw CliException.Error("workspace is required");
            }

            var strategyName = parse.GetValue(strategy) ?? "";
            if (strategyName.Length > 0 && !strategies.ContainsKey(strategyName))
            {
                throw CliException.Error($"invalid strategy \"{strategyName}\"; must be one of: [{string.Join(' ', strategies.Keys)}]");
            }

            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var all = (await client.GetAsync(PorchClient.PackageRevisions(client.Namespace), PorchJsonContext.Default.PackageRevisionList, cancellationToken).ConfigureAwait(false)).Items;
            var name = args[0];
            var local = Find(all, name) ?? throw CliException.Error($"could not find package revision {name}");
            var upgraded = Plan(all, local, wanted, workspaceName, strategyName.Length == 0 ? PackageMergeStrategy.ResourceMerge : strategies[strategyName]);
            upgraded.Metadata.Namespace = client.Namespace;
            PackageRevision created;
            try
            {
                await using (Progress.Start(host.Console, $"Upgrading {name}"))
                {
                    created = await client.WriteAsync(HttpMethod.Post, PorchClient.PackageRevisions(client.Namespace), upgraded, PorchJsonContext.Default.PackageRevision, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (PorchApiException ex)
            {
                // pkgerrors.Wrapf around the create, whose object has no name yet.
                throw CliException.Error($"failed to do create package revision \"\": {ex.Message}", ex);
            }

            await host.Console.Out.WriteLineAsync($"{local.Metadata.Name} upgraded to {created.Metadata.Name}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>doUpgrade: the checks and texts of Porch's command, then the new revision with its upgrade task.</summary>
    private static PackageRevision Plan(IReadOnlyList<PackageRevision> all, PackageRevision local, int wanted, string workspace, PackageMergeStrategy strategy)
    {
        if (!IsPublished(local))
        {
            throw CliException.Error($"to upgrade a package, it must be in a published state, not \"{local.Spec.Lifecycle}\"");
        }

        var oldUpstreamName = UpstreamName(all, local);
        if (string.IsNullOrEmpty(oldUpstreamName))
        {
            throw CliException.Error($"upstream source not found for package revision \"{local.Spec.PackageName}\": no clone or upgrade type package revision was found in the history of the package");
        }

        var oldUpstream = Find(all, oldUpstreamName) ?? throw CliException.Error($"upstream package revision {oldUpstreamName} no longer exists");
        if (!IsPublished(oldUpstream))
        {
            throw CliException.Error($"old upstream package revision {oldUpstream.Metadata.Name} is not published");
        }

        var published = all.Where(r => r.Spec.PackageName == oldUpstream.Spec.PackageName && IsPublished(r));
        var newUpstream = wanted == 0
            ? published.Where(r => r.Spec.Revision > 0).MaxBy(r => r.Spec.Revision)
                ?? throw CliException.Error($"failed to find latest published revision for package {local.Spec.PackageName} (--revision was {wanted})")
            : published.FirstOrDefault(r => r.Spec.Revision == wanted)
                ?? throw CliException.Error($"revision {wanted} does not exist for package {local.Spec.PackageName}");
        return new PackageRevision
        {
            Metadata = new ObjectMeta(),
            Spec = new PackageRevisionSpec
            {
                PackageName = local.Spec.PackageName,
                Repository = local.Spec.Repository,
                WorkspaceName = workspace,
                Tasks =
                [
                    new TaskSpec
                    {
                        Type = TaskType.Upgrade,
                        Upgrade = new PackageUpgradeTaskSpec
                        {
                            OldUpstream = new PackageRevisionRef { Name = oldUpstream.Metadata.Name! },
                            NewUpstream = new PackageRevisionRef { Name = newUpstream.Metadata.Name! },
                            LocalPackageRevisionRef = new PackageRevisionRef { Name = local.Metadata.Name! },
                            Strategy = strategy,
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Porch's IsPublished: Published or DeletionProposed.</summary>
    internal static bool IsPublished(PackageRevision revision) =>
        revision.Spec.Lifecycle is PackageRevisionLifecycle.Published or PackageRevisionLifecycle.DeletionProposed;

    private static PackageRevision? Find(IReadOnlyList<PackageRevision> all, string name) =>
        all.FirstOrDefault(r => r.Metadata.Name == name);

    /// <summary>findUpstreamName: by the first task — a clone's upstream, an upgrade's new upstream, or for an edit the origin of its chain of edits, else the upstream lock.</summary>
    private static string? UpstreamName(IReadOnlyList<PackageRevision> all, PackageRevision revision)
    {
        var first = revision.Spec.Tasks.FirstOrDefault();
        return first?.Type switch
        {
            TaskType.Clone => first.Clone?.Upstream.UpstreamRef?.Name,
            TaskType.Upgrade => first.Upgrade?.NewUpstream.Name,
            TaskType.Edit => EditOrigin(all, revision) is { Length: > 0 } origin ? origin : UpstreamByLock(all, revision),
            _ => null,
        };
    }

    /// <summary>findEditOrigin: follows edit sources back to the first revision that is no edit, and names its upstream.</summary>
    private static string? EditOrigin(IReadOnlyList<PackageRevision> all, PackageRevision revision)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        PackageRevision? current = revision;
        while (current is not null && current.Spec.Tasks.FirstOrDefault()?.Type == TaskType.Edit)
        {
            if (!seen.Add(current.Metadata.Name ?? ""))
            {
                return null;
            }

            current = Find(all, current.Spec.Tasks[0].Edit?.SourceRef?.Name ?? "");
        }

        return current is null ? null : UpstreamName(all, current);
    }

    /// <summary>findUpstreamByLock: the published revision with the same upstream repository, directory and ref, highest revision first.</summary>
    private static string? UpstreamByLock(IReadOnlyList<PackageRevision> all, PackageRevision revision)
    {
        if (revision.Status.UpstreamLock?.Git is not { } target || string.IsNullOrEmpty(target.Ref))
        {
            return null;
        }

        return all
            .Where(c => IsPublished(c) && c.Status.UpstreamLock?.Git is { } git && git.Repo == target.Repo && git.Directory == target.Directory && git.Ref == target.Ref)
            .MaxBy(c => c.Spec.Revision)?.Metadata.Name;
    }
}
