using Porch.Tests.Shared;

namespace Porch.Cache.Tests.Infrastructure;

/// <summary>A bare repository in a temporary folder and a working clone that changes it "behind Porch's back" with the git CLI.</summary>
internal sealed class GitRemote : IDisposable
{
    public GitRemote()
    {
        Root = Directory.CreateTempSubdirectory("porch-cache-remote-").FullName;
        Bare = Path.Combine(Root, "remote.git");
        Work = Path.Combine(Root, "work");
        Git(Root, "init", "--bare", "--quiet", "--initial-branch=main", Bare);
        Git(Root, "clone", "--quiet", Bare, Work);
        Git(Work, "config", "user.name", "behind-the-back");
        Git(Work, "config", "user.email", "someone@example.com");
        Git(Work, "checkout", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(Work, "README.md"), "remote\n");
        Git(Work, "add", "-A");
        Git(Work, "commit", "--quiet", "-m", "initial");
        Git(Work, "push", "--quiet", "origin", "main");
    }

    public string Root { get; }

    public string Bare { get; }

    public string Work { get; }

    public static string Kptfile(string name, string extra = "") =>
        $"apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: {name}\ninfo:\n  description: {name} description{extra}\n";

    /// <summary>Commits a package on main, pushes it and tags it <c>&lt;name&gt;/v&lt;revision&gt;</c>.</summary>
    public void PublishPackage(string name, int revision, string content = "")
    {
        Git(Work, "checkout", "--quiet", "main");
        Directory.CreateDirectory(Path.Combine(Work, name));
        File.WriteAllText(Path.Combine(Work, name, "Kptfile"), Kptfile(name, content));
        Git(Work, "add", "-A");
        Git(Work, "commit", "--quiet", "-m", $"publish {name} v{revision}");
        Git(Work, "tag", $"{name}/v{revision}");
        Git(Work, "push", "--quiet", "origin", "main", $"refs/tags/{name}/v{revision}");
    }

    /// <summary>Creates or moves the draft branch <c>drafts/&lt;name&gt;/&lt;workspace&gt;</c> to a new commit with <paramref name="content"/>.</summary>
    public void PushDraft(string name, string workspace, string content)
    {
        var branch = $"drafts/{name}/{workspace}";
        var exists = Git(Work, "ls-remote", "--heads", "origin", branch).Trim().Length > 0;
        if (exists)
        {
            Git(Work, "fetch", "--quiet", "origin", branch);
            Git(Work, "checkout", "--quiet", "-B", "draft-work", "FETCH_HEAD");
        }
        else
        {
            Git(Work, "checkout", "--quiet", "-B", "draft-work", "main");
        }

        Directory.CreateDirectory(Path.Combine(Work, name));
        File.WriteAllText(Path.Combine(Work, name, "Kptfile"), Kptfile(name, content));
        Git(Work, "add", "-A");
        Git(Work, "commit", "--quiet", "-m", $"draft {name} {workspace}");
        Git(Work, "push", "--quiet", "--force", "origin", $"HEAD:refs/heads/{branch}");
        Git(Work, "checkout", "--quiet", "main");
    }

    public void DeleteTag(string tag) => Git(Work, "push", "--quiet", "origin", $":refs/tags/{tag}");

    public static string Git(string workDir, params string[] args) => Conformance.Git(workDir, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort in a temporary folder.
        }
    }
}
