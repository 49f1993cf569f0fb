using System.CommandLine;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;
using Porch.Krm.Merge;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>rpkg upgrade SOURCE</c>: a new revision of a cloned package, three-way merged from the upstream revision it was
/// cloned (or last upgraded) from to a newer one (<c>--revision</c>, default the upstream's latest).
/// </summary>
internal sealed class RpkgUpgradeCommand(CommandHost host, IReadOnlyDictionary<string, PackageMergeStrategy> strategies)
{
    public Command Build()
    {
        var source = new Argument<string>("SOURCE_PACKAGE_REVISION") { Description = "The published downstream package revision to upgrade" };
        var revision = new Option<int>("--revision") { Description = "Upstream revision to upgrade to (default: the latest)" };
        var workspace = new Option<string?>("--workspace") { Description = "Workspace name of the new revision (default: v<upstream revision>)" };
        var strategy = new Option<string>("--strategy") { Description = "resource-merge (default), fast-forward, force-delete-replace or copy-merge", DefaultValueFactory = _ => "resource-merge" };
        strategy.AcceptOnlyFromAmong([.. strategies.Keys]);
        var command = new Command("upgrade", "Upgrade a downstream package revision to a newer upstream revision") { source, revision, workspace, strategy };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var name = parse.GetValue(source)!;
            var local = await RpkgCommands.GetRevisionAsync(client, name, cancellationToken).ConfigureAwait(false);
            if (local.Spec.Lifecycle != PackageRevisionLifecycle.Published)
            {
                throw CliException.Error($"to upgrade a package, it must be in a published state, not \"{local.Spec.Lifecycle}\"");
            }

            var oldUpstreamName = UpstreamOf(local)
                ?? throw CliException.Error($"upstream source not found for package rev \"{name}\"; only cloned packages can be upgraded");
            var oldUpstream = await RpkgCommands.GetRevisionAsync(client, oldUpstreamName, cancellationToken).ConfigureAwait(false);
            var candidates = (await client.GetAsync(PorchClient.PackageRevisions(client.Namespace), PorchJsonContext.Default.PackageRevisionList, cancellationToken).ConfigureAwait(false)).Items
                .Where(r => r.Spec.Repository == oldUpstream.Spec.Repository && r.Spec.PackageName == oldUpstream.Spec.PackageName && r.Spec.Lifecycle == PackageRevisionLifecycle.Published && r.Spec.Revision > 0)
                .ToList();
            var wanted = parse.GetValue(revision);
            var newUpstream = wanted > 0
                ? candidates.FirstOrDefault(r => r.Spec.Revision == wanted) ?? throw CliException.Error($"revision {wanted} does not exist for package {oldUpstream.Spec.PackageName}")
                : candidates.OrderByDescending(r => r.Spec.Revision).FirstOrDefault();
            if (newUpstream is null || newUpstream.Spec.Revision <= oldUpstream.Spec.Revision)
            {
                throw CliException.Error($"no newer upstream revision than {oldUpstream.Spec.Revision} exists for package {oldUpstream.Spec.PackageName}");
            }

            var task = new PackageUpgradeTaskSpec
            {
                OldUpstream = new PackageRevisionRef { Name = oldUpstreamName },
                NewUpstream = new PackageRevisionRef { Name = newUpstream.Metadata.Name! },
                LocalPackageRevisionRef = new PackageRevisionRef { Name = name },
                Strategy = strategies[parse.GetValue(strategy)!],
            };
            var upgraded = new PackageRevision
            {
                Spec = new PackageRevisionSpec
                {
                    PackageName = local.Spec.PackageName,
                    Repository = local.Spec.Repository,
                    WorkspaceName = parse.GetValue(workspace) ?? "v" + newUpstream.Spec.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Tasks = [new TaskSpec { Type = TaskType.Upgrade, Upgrade = task }],
                },
            };
            return await RpkgCommands.CreateAsync(host, client, upgraded, $"Upgrading {name}", cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The registered upstream revision a package revision came from: its clone source, or the target of its last upgrade.</summary>
    private static string? UpstreamOf(PackageRevision revision)
    {
        foreach (var task in revision.Spec.Tasks)
        {
            if (task.Upgrade?.NewUpstream.Name is { Length: > 0 } upgraded)
            {
                return upgraded;
            }

            if (task.Clone?.Upstream.UpstreamRef?.Name is { Length: > 0 } cloned)
            {
                return cloned;
            }
        }

        return null;
    }
}
