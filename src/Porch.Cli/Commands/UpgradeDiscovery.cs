using System.Globalization;
using Porch.Cli.Output;
using Porch.Engine.Api;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>rpkg upgrade --discover=upstream|downstream</c>, as Porch's upgrade/discover.go: which published upstream
/// revisions are newer than the one each downstream revision's upstream lock names, by upstream or by downstream.
/// </summary>
internal static class UpgradeDiscovery
{
    public const string Upstream = "upstream";
    public const string Downstream = "downstream";

    public static string Run(string mode, IReadOnlyList<string> args, IReadOnlyList<PackageRevision> all, IReadOnlyList<Porch.Engine.Api.Repository> repositories)
    {
        List<PackageRevision> selected;
        if (args.Count == 0 || mode == Downstream)
        {
            selected = [.. all];
        }
        else
        {
            selected = [];
            var errors = new List<string>();
            foreach (var arg in args)
            {
                if (all.FirstOrDefault(r => r.Metadata.Name == arg) is { } found)
                {
                    selected.Add(found);
                }
                else
                {
                    errors.Add($"could not find package revision {arg}");
                }
            }

            if (errors.Count > 0)
            {
                throw Infrastructure.CliException.Error("errors:\n  " + string.Join("\n  ", errors));
            }
        }

        return mode == Upstream ? UpstreamUpdates(selected, all, repositories) : DownstreamUpdates(selected, all, repositories, args);
    }

    private static string UpstreamUpdates(List<PackageRevision> selected, IReadOnlyList<PackageRevision> all, IReadOnlyList<Porch.Engine.Api.Repository> repositories)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var revision in selected)
        {
            var (updates, upstreamName, _) = AvailableUpdates(revision, all, repositories);
            rows.Add([revision.Metadata.Name ?? "", upstreamName, updates.Count == 0 ? "No update available" : string.Join(", ", updates.Select(u => "v" + u.Spec.Revision.ToString(CultureInfo.InvariantCulture)))]);
        }

        return TextTable.Format(["PACKAGE REVISION", "UPSTREAM REPOSITORY", "UPSTREAM UPDATES"], rows);
    }

    private static string DownstreamUpdates(List<PackageRevision> selected, IReadOnlyList<PackageRevision> all, IReadOnlyList<Porch.Engine.Api.Repository> repositories, IReadOnlyList<string> args)
    {
        // Porch walks a Go map here, in no fixed order; we print by upstream revision name, then revision number.
        var rows = new List<(string Upstream, int Number, IReadOnlyList<string> Row)>();
        foreach (var revision in selected)
        {
            var (updates, _, draftName) = AvailableUpdates(revision, all, repositories);
            foreach (var update in updates)
            {
                var number = update.Spec.Revision.ToString(CultureInfo.InvariantCulture);
                string change;
                if (draftName.Length > 0)
                {
                    change = $"(draft \"{draftName}\")->v{number}";
                }
                else
                {
                    var reference = revision.Status.UpstreamLock?.Git?.Ref ?? "";
                    var v = reference.LastIndexOf('v');
                    if (v < 0)
                    {
                        continue; // a ref not in Porch's form
                    }

                    change = $"{reference[v..]}->v{number}";
                }

                rows.Add((update.Metadata.Name ?? "", update.Spec.Revision, [update.Metadata.Name ?? "", revision.Metadata.Name ?? "", change]));
            }
        }

        var printed = rows.OrderBy(r => r.Upstream, StringComparer.Ordinal).ThenBy(r => r.Number).Select(r => r.Row).ToList();
        if (args.Count > 0)
        {
            printed = args.SelectMany(arg => printed.Where(r => r[0] == arg)).ToList();
        }

        return printed.Count == 0
            ? "All downstream packages are up to date.\n"
            : TextTable.Format(["PACKAGE REVISION", "DOWNSTREAM PACKAGE", "DOWNSTREAM UPDATE"], printed);
    }

    /// <summary>availableUpdates: the published revisions of the locked upstream package newer than the locked one.</summary>
    private static (List<PackageRevision> Updates, string UpstreamRepository, string DraftName) AvailableUpdates(
        PackageRevision revision, IReadOnlyList<PackageRevision> all, IReadOnlyList<Porch.Engine.Api.Repository> repositories)
    {
        if (revision.Status.UpstreamLock?.Git is not { } git)
        {
            return ([], "", "");
        }

        var reference = git.Ref ?? "";
        var slash = reference.LastIndexOf('/');
        if (slash < 0)
        {
            throw Infrastructure.CliException.Error($"could not parse upstreamLock in Kptfile of package \"{revision.Metadata.Name}\": malformed upstreamLock.Git.Ref \"{reference}\"");
        }

        var draftName = "";
        int current;
        if (reference.StartsWith("drafts", StringComparison.Ordinal))
        {
            // An unpublished upstream has no number: every published revision is an update.
            current = 0;
            draftName = reference[(slash + 1)..];
        }
        else
        {
            current = int.TryParse(reference[(slash + 1)..].TrimStart('v'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        }

        var packageName = reference[..slash];
        packageName = packageName.StartsWith("drafts", StringComparison.Ordinal) ? packageName["drafts".Length..] : packageName;
        packageName = packageName.StartsWith('/') ? packageName[1..] : packageName;
        var lockedRepo = WithGitSuffix(git.Repo ?? "");
        var upstreamName = "";
        var candidates = new List<PackageRevision>();
        foreach (var repository in repositories)
        {
            if ((repository.Spec.Type ?? RepositoryType.Git) != RepositoryType.Git || repository.Spec.Git is null)
            {
                continue; // updates are discovered in Git repositories only
            }

            if (WithGitSuffix(repository.Spec.Git.Repo ?? "") == lockedRepo)
            {
                upstreamName = repository.Metadata.Name ?? "";
                candidates = all.Where(r => RpkgUpgradeCommand.IsPublished(r) && r.Spec.Repository == repository.Metadata.Name && r.Spec.PackageName == packageName).ToList();
            }
        }

        return (candidates.Where(c => c.Spec.Revision > current).ToList(), upstreamName, draftName);
    }

    private static string WithGitSuffix(string url) => url.EndsWith(".git", StringComparison.Ordinal) ? url : url + ".git";
}
