using System.CommandLine;
using Porch.Cli.Infrastructure;
using Porch.Cli.Local;
using Porch.Engine.Api;
using Porch.Krm;
using Porch.Krm.Merge;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>porchctl pkg update</c>: kpt's three-way package update on local folders. The local package is brought from the
/// upstream revision it came from (<c>--original</c>) to a new upstream revision (<c>--upstream</c>), both given as
/// folders (for example two <c>rpkg pull</c>s or two checkouts), with one of kpt's strategies.
/// </summary>
internal sealed class PkgCommands(CommandHost host)
{
    private static readonly Dictionary<string, PackageMergeStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["resource-merge"] = PackageMergeStrategy.ResourceMerge,
        ["fast-forward"] = PackageMergeStrategy.FastForward,
        ["force-delete-replace"] = PackageMergeStrategy.ForceDeleteReplace,
        ["copy-merge"] = PackageMergeStrategy.CopyMerge,
    };

    public Command Build()
    {
        var pkg = new Command("pkg", "Work on local package folders (kpt pkg)");
        pkg.Subcommands.Add(Update());
        return pkg;
    }

    private Command Update()
    {
        var dir = new Argument<string>("DIR") { Description = "The local package folder, updated in place" };
        var original = new Option<string>("--original") { Description = "Folder holding the upstream revision the local package was cloned or last updated from", Required = true };
        var upstream = new Option<string>("--upstream") { Description = "Folder holding the new upstream revision", Required = true };
        var strategy = new Option<string>("--strategy") { Description = "resource-merge (default), fast-forward, force-delete-replace or copy-merge", DefaultValueFactory = _ => "resource-merge" };
        strategy.AcceptOnlyFromAmong([.. Strategies.Keys]);
        var command = new Command("update", "Merge upstream changes into a local package (three-way)") { dir, original, upstream, strategy };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var local = RequireFolder(parse.GetValue(dir)!);
            var name = Path.GetFileName(local);
            var strategyName = parse.GetValue(strategy)!;
            static bool Include(string path) => path != ".KptRevisionMetadata";
            var localFiles = await PackageFolder.ReadAsync(local, cancellationToken, Include).ConfigureAwait(false);
            var originalFiles = await PackageFolder.ReadAsync(RequireFolder(parse.GetValue(original)!), cancellationToken, Include).ConfigureAwait(false);
            var upstreamFiles = await PackageFolder.ReadAsync(RequireFolder(parse.GetValue(upstream)!), cancellationToken, Include).ConfigureAwait(false);
            await host.Console.Error.WriteAsync($"Package \"{name}\":\nUpdating package \"{name}\" with strategy \"{strategyName}\".\n").ConfigureAwait(false);
            var updated = KptPackageUpdater.Update(localFiles, originalFiles, upstreamFiles, Strategies[strategyName]);
            await PackageFolder.WriteAsync(local, localFiles, updated, cancellationToken).ConfigureAwait(false);
            await host.Console.Error.WriteAsync("\nUpdated 1 package(s).\n").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string RequireFolder(string dir)
    {
        var full = Path.GetFullPath(dir);
        if (!File.Exists(Path.Combine(full, Kptfile.FileName)))
        {
            throw CliException.Error($"\"{dir}\" is not a kpt package: {Kptfile.FileName} not found");
        }

        return full;
    }
}
