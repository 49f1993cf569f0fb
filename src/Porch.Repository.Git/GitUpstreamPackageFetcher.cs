using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;
using Porch.Repository.Git.Backend;

namespace Porch.Repository.Git;

/// <summary>
/// Fetches a package straight from a Git address for a clone task (spec section 4.6): a throw-away bare repository in a
/// temporary folder, one fetch of branches and tags, the ref resolved as Porch resolves it (<c>&lt;dir&gt;/&lt;ref&gt;</c>,
/// then <c>&lt;ref&gt;</c>, tags before branches, then a commit id), and the files below the directory read in one exchange.
/// </summary>
internal sealed class GitUpstreamPackageFetcher : IUpstreamPackageFetcher
{
    private readonly GitProcessRunner _runner;
    private readonly ICredentialResolver? _credentials;
    private readonly bool _useCaBundle;

    public GitUpstreamPackageFetcher(IOptions<GitRepositoryOptions> options, IEnumerable<ICredentialResolver>? credentialResolvers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runner = new GitProcessRunner(options.Value);
        _credentials = credentialResolvers?.LastOrDefault();
        _useCaBundle = options.Value.UseGitCaBundle;
    }

    public async Task<UpstreamPackageContent> FetchAsync(string @namespace, GitPackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (string.IsNullOrWhiteSpace(package.Repo))
        {
            throw new PackageValidationException("git property is required for a repository of type git");
        }

        // The engine checks the same rules; checked again here because this fetcher may be used on its own.
        if (GitAddressRules.Validate(package) is { Count: > 0 } invalid)
        {
            throw new PackageValidationException(string.Join("; ", invalid));
        }

        var directory = (package.Directory ?? "").Trim('/');
        var caBundle = _useCaBundle ? await CaBundleSecret.ResolveAsync(_credentials, @namespace, NullLogger.Instance, cancellationToken).ConfigureAwait(false) : null;
        var auth = GitAuth.From(null, caBundle);
        if (!string.IsNullOrEmpty(package.SecretRef?.Name))
        {
            if (_credentials is null)
            {
                throw new PackageValidationException($"cannot resolve credentials in a secret {@namespace}/{package.SecretRef.Name}: no credential resolver is registered");
            }

            auth = GitAuth.From(await _credentials.ResolveCredentialsAsync(@namespace, package.SecretRef, cancellationToken).ConfigureAwait(false), caBundle);
        }

        var gitDirectory = Directory.CreateTempSubdirectory("porch-clone-").FullName;
        try
        {
            await _runner.RunCheckedAsync(gitDirectory, GitCommandLine.Create("init").Option("--bare").Option("--quiet").Build(), GitAuth.None, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                await _runner.RunCheckedAsync(
                    gitDirectory,
                    GitCommandLine.Create("fetch", "gc.auto=0").Option("--quiet").Option("--no-tags")
                        .Address(package.Repo).Constant("+refs/heads/*:refs/remotes/origin/*").Constant("+refs/tags/*:refs/tags/*").Build(),
                    auth,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (GitCommandException ex)
            {
                throw new RepositoryUnavailableException($"cannot fetch {GitAddressRules.Redact(package.Repo)}: {ex.Message}", ex);
            }

            var commit = await ResolveAsync(gitDirectory, directory, package.Ref, cancellationToken).ConfigureAwait(false)
                ?? throw new PackageValidationException($"cannot find package {directory}@{package.Ref}");
            var files = await ReadFilesAsync(gitDirectory, commit, directory, cancellationToken).ConfigureAwait(false);
            if (files.Count == 0)
            {
                throw new PackageValidationException($"cannot find package {directory}@{package.Ref}");
            }

            return new UpstreamPackageContent(files, commit);
        }
        finally
        {
            DeleteQuietly(gitDirectory);
        }
    }

    private async Task<string?> ResolveAsync(string gitDirectory, string directory, string gitRef, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(gitRef))
        {
            return null;
        }

        var candidates = new List<string>();
        if (directory.Length > 0)
        {
            candidates.Add("refs/tags/" + directory + "/" + gitRef);
            candidates.Add("refs/remotes/origin/" + directory + "/" + gitRef);
        }

        candidates.Add("refs/tags/" + gitRef);
        candidates.Add("refs/remotes/origin/" + gitRef);
        candidates.Add(gitRef);
        foreach (var candidate in candidates)
        {
            if (GitAddressRules.CheckReference(candidate) is not null)
            {
                continue; // not a name git could hold (e.g. a directory segment starting with '.')
            }

            var args = GitCommandLine.Create("rev-parse").Option("--verify").Option("--quiet").Revision(candidate, "^{commit}").Build();
            var result = await _runner.RunAsync(gitDirectory, args, GitAuth.None, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return result.StdoutText.Trim();
            }
        }

        return null;
    }

    private async Task<Dictionary<string, string>> ReadFilesAsync(string gitDirectory, string commit, string directory, CancellationToken cancellationToken)
    {
        var command = GitCommandLine.Create("ls-tree").Option("-r").Option("-z").Option("--full-tree").Revision(GitCommandLine.ObjectId(commit));
        if (directory.Length > 0)
        {
            command.PathSpec(directory);
        }

        var listing = Encoding.UTF8.GetString(await _runner.RunCheckedAsync(gitDirectory, command.Build(), GitAuth.None, cancellationToken: cancellationToken).ConfigureAwait(false));
        var entries = new List<(string Path, string Id)>();
        foreach (var line in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // <mode> SP <type> SP <id> TAB <path>
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var fields = line[..tab].Split(' ');
            if (fields.Length == 3 && fields[1] == "blob")
            {
                var path = line[(tab + 1)..];
                entries.Add((directory.Length > 0 ? path[(directory.Length + 1)..] : path, fields[2]));
            }
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entries.Count == 0)
        {
            return files;
        }

        var reader = new CatFileReader(_runner, gitDirectory);
        Objects.GitObject?[] blobs;
        try
        {
            blobs = await reader.ReadManyAsync(entries.Select(e => e.Id).ToList(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            files[entries[i].Path] = Encoding.UTF8.GetString(blobs[i]?.Data ?? []);
        }

        return files;
    }

    private static void DeleteQuietly(string path)
    {
        // A temporary folder left behind is harmless; the next run uses a new one. Confined to the temporary folder.
        new CacheFolder(Path.GetTempPath()).TryDeleteDirectory(path);
    }
}
