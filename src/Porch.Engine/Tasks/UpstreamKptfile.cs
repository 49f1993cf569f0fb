using Microsoft.Extensions.Logging;
using Porch.Engine.Api;
using Porch.Engine.Diagnostics;
using Porch.Engine.Internal;
using Porch.Krm;
using Porch.Krm.Merge;

namespace Porch.Engine.Tasks;

/// <summary>The Kptfile edits clone and upgrade share: <c>upstream</c>/<c>upstreamLock</c> from a source's self lock, and kpt's merge-key pass.</summary>
internal static class UpstreamKptfile
{
    /// <summary><c>upstream</c> and <c>upstreamLock</c> from a revision's self lock, normalised as kpt writes them (spec section 1.6).</summary>
    public static (KptUpstream Upstream, KptUpstreamLock Lock) UpstreamOf(Locator selfLock)
    {
        var git = selfLock.Git ?? new GitLock();
        var repo = git.Repo ?? "";
        if (repo.Length > 0 && !repo.EndsWith(".git", StringComparison.Ordinal))
        {
            repo += ".git";
        }

        var directory = (git.Directory ?? "").TrimStart('/');
        var upstream = new KptUpstream
        {
            Type = "git",
            Git = new KptGitReference { Repo = repo, Directory = directory, Ref = git.Ref ?? "" },
            UpdateStrategy = "resource-merge",
        };
        var upstreamLock = new KptUpstreamLock
        {
            Type = "git",
            Git = new KptGitReference { Repo = repo, Directory = directory, Ref = git.Ref ?? "", Commit = git.Commit ?? "" },
        };
        return (upstream, upstreamLock);
    }

    /// <summary>Names the cloned Kptfile after the new package and points its upstream at the source (kpt's field order kept).</summary>
    public static void SetUpstream(Dictionary<string, string> files, string packageName, Locator selfLock)
    {
        if (!files.TryGetValue(Kptfile.FileName, out var text))
        {
            throw PorchErrors.Engine("package must contain Kptfile at root");
        }

        var kptfile = KubeObject.Parse(text, Kptfile.FileName);
        kptfile.SetString(packageName, "metadata", "name");
        var (upstreamRef, upstreamLock) = UpstreamOf(selfLock);
        var upstream = YamlNode.Mapping();
        upstream.SetString("type", "git");
        var upstreamGit = upstream.GetOrAddMapping("git");
        upstreamGit.SetString("repo", upstreamRef.Git!.Repo!);
        upstreamGit.SetString("directory", upstreamRef.Git.Directory!);
        upstreamGit.SetString("ref", upstreamRef.Git.Ref!);
        upstream.SetString("updateStrategy", "resource-merge");
        kptfile.SetNode(upstream, "upstream");
        var lockNode = YamlNode.Mapping();
        lockNode.SetString("type", "git");
        var lockGit = lockNode.GetOrAddMapping("git");
        lockGit.SetString("repo", upstreamLock.Git!.Repo!);
        lockGit.SetString("directory", upstreamLock.Git.Directory!);
        lockGit.SetString("ref", upstreamLock.Git.Ref!);
        lockGit.SetString("commit", upstreamLock.Git.Commit!);
        kptfile.SetNode(lockNode, "upstreamLock");
        files[Kptfile.FileName] = kptfile.ToYaml();
    }

    /// <summary>kpt's merge-key pass; like Porch, a failure is only logged.</summary>
    public static Dictionary<string, string> AddMergeKeys(Dictionary<string, string> files, string packageName, ILogger logger)
    {
        try
        {
            return new Dictionary<string, string>(MergeKeys.Add(files), StringComparer.Ordinal);
        }
        catch (KrmYamlException ex)
        {
            logger.MergeKeysFailed(packageName, ex.Message);
            return files;
        }
    }
}
