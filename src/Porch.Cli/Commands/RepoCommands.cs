using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;
using RepositoryObject = Porch.Engine.Api.Repository;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>porchctl repo register|get|unregister|sync</c> against a Porch server, with porchctl's flags and output;
/// <c>repo list-revisions</c> (local, <see cref="RepoListRevisionsCommand"/>) is added beside them.
/// </summary>
internal sealed class RepoCommands(CommandHost host)
{
    public Command Build()
    {
        var repo = new Command("repo", "Manage package repositories registered with Porch");
        repo.Aliases.Add("repository"); // Porch's repocmd.go
        repo.Subcommands.Add(Register());
        repo.Subcommands.Add(Get());
        repo.Subcommands.Add(Unregister());
        repo.Subcommands.Add(Sync());
        repo.Subcommands.Add(new RepoListRevisionsCommand(host).Build());
        return repo;
    }

    private Command Register()
    {
        var url = new Argument<string>("REPOSITORY") { Description = "The Git URL (or oci://registry) of the repository" };
        var name = new Option<string?>("--name") { Description = "Name of the Repository object (default: the last segment of the URL)" };
        var description = new Option<string?>("--description") { Description = "Brief description of the repository" };
        var branch = new Option<string>("--branch") { Description = "Branch holding the packages", DefaultValueFactory = _ => "main" };
        var createBranch = new Option<bool>("--create-branch") { Description = "Create the branch if it does not exist" };
        var directory = new Option<string>("--directory") { Description = "Folder of the repository holding the packages", DefaultValueFactory = _ => "/" };
        var deployment = new Option<bool>("--deployment") { Description = "The repository holds deployment packages" };
        var username = new Option<string?>("--repo-basic-username") { Description = "Username for basic authentication to the repository" };
        var password = new Option<string?>("--repo-basic-password") { Description = "Password for basic authentication to the repository" };
        var workloadIdentity = new Option<bool>("--repo-workload-identity") { Description = "Use workload identity for authentication to the repository" };
        var bearerToken = new Option<string?>("--repo-bearer-token") { Description = "Bearer token for authentication to the repository (an Opaque Secret with key bearerToken)" };
        var schedule = new Option<string?>("--sync-schedule") { Description = "Cron schedule of periodic syncs" };
        var v1alpha2 = new Option<bool>("--v1alpha2") { Description = "Mark the repository for the v1alpha2 API" };
        var command = new Command("register", "Register a package repository with Porch")
        {
            url, name, description, branch, createBranch, directory, deployment, username, password, workloadIdentity, bearerToken, schedule, v1alpha2,
        };
        command.Aliases.Add("reg");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var address = parse.GetValue(url)!;
            var repoName = parse.GetValue(name) ?? DefaultName(address);
            var repository = new RepositoryObject
            {
                Metadata = new ObjectMeta { Name = repoName, Namespace = client.Namespace },
                Spec = new RepositorySpec
                {
                    Description = parse.GetValue(description),
                    Deployment = parse.GetValue(deployment),
                    Content = PorchApi.RepositoryContentPackage,
                },
            };
            if (parse.GetValue(v1alpha2))
            {
                repository.Metadata.Annotations[PorchApi.V1Alpha2MigrationAnnotation] = "true";
            }

            if (parse.GetValue(schedule) is { } cron)
            {
                repository.Spec.Sync = new RepositorySync { Schedule = cron };
            }

            var secret = await CreateAuthSecretAsync(client, repoName, parse.GetValue(username), parse.GetValue(password), parse.GetValue(workloadIdentity), parse.GetValue(bearerToken), cancellationToken).ConfigureAwait(false);
            if (address.StartsWith("oci://", StringComparison.Ordinal))
            {
                repository.Spec.Type = RepositoryType.Oci;
                repository.Spec.Oci = new OciRepository { Registry = address["oci://".Length..] };
                if (secret is not null)
                {
                    repository.Spec.Oci.SecretRef = new SecretRef { Name = secret };
                }
            }
            else
            {
                repository.Spec.Type = RepositoryType.Git;
                repository.Spec.Git = new GitRepository
                {
                    Repo = address,
                    Branch = parse.GetValue(branch),
                    CreateBranch = parse.GetValue(createBranch),
                    Directory = parse.GetValue(directory),
                };
                if (secret is not null)
                {
                    repository.Spec.Git.SecretRef = new SecretRef { Name = secret };
                }
            }

            await client.WriteAsync(HttpMethod.Post, PorchClient.Repositories(client.Namespace), repository, PorchJsonContext.Default.Repository, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private Command Get()
    {
        var name = new Argument<string?>("REPOSITORY") { Description = "The repository (default: all in the namespace)", Arity = ArgumentArity.ZeroOrOne };
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace." };
        var output = new Output.OutputFormat();
        var command = new Command("get", "List registered repositories") { name, allNamespaces };
        output.AddTo(command);
        command.Aliases.Add("ls");
        command.Aliases.Add("list");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            var one = parse.GetValue(name);
            var all = parse.GetValue(allNamespaces);
            if (all && one is not null)
            {
                // cli-runtime's resource builder, which Porch's repo get lists through.
                throw CliException.Error("a resource cannot be retrieved by name across all namespaces");
            }

            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var path = one is not null ? PorchClient.Named(PorchClient.Repositories(client.Namespace), one)
                : all ? PorchClient.AllRepositories : PorchClient.Repositories(client.Namespace);
            JsonObject response;
            try
            {
                response = await client.GetNodeAsync(path, output.WantsTable(parse), cancellationToken).ConfigureAwait(false);
            }
            catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound && one is not null)
            {
                throw CliException.Error($"the server could not find the requested resource (get repositories.{PorchApi.ConfigGroup} {one})", ex);
            }

            if (output.WantsTable(parse))
            {
                output.PrintTable(parse, response, host.Console.Out, withNamespace: all);
            }
            else
            {
                var items = one is null ? (response["items"] as JsonArray ?? []).OfType<JsonObject>().ToList() : [response];
                output.PrintObjects(parse, items, one is not null, host.Console.Out);
            }

            return 0;
        });
        return command;
    }

    private Command Unregister()
    {
        var name = new Argument<string>("REPOSITORY") { Description = "The repository to unregister" };
        var keepSecret = new Option<bool>("--keep-auth-secret") { Description = "Keep the auth secret associated with the repository registration, if any" };
        var command = new Command("unregister", "Unregister a repository from Porch") { name, keepSecret };
        command.Aliases.Add("unreg");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var path = PorchClient.Named(PorchClient.Repositories(client.Namespace), parse.GetValue(name)!);
            var repository = await client.GetAsync(path, PorchJsonContext.Default.Repository, cancellationToken).ConfigureAwait(false);
            await client.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
            var secret = repository.Spec.Git?.SecretRef.Name is { Length: > 0 } gitSecret ? gitSecret : repository.Spec.Oci?.SecretRef.Name;
            if (!parse.GetValue(keepSecret) && !string.IsNullOrEmpty(secret))
            {
                try
                {
                    await client.DeleteAsync($"/api/v1/namespaces/{Uri.EscapeDataString(client.Namespace)}/secrets/{Uri.EscapeDataString(secret)}", cancellationToken).ConfigureAwait(false);
                }
                catch (PorchApiException ex)
                {
                    throw CliException.Error($"failed to delete Secret {secret}: {ex.Message}", ex);
                }
            }

            return 0;
        });
        return command;
    }

    private Command Sync()
    {
        var names = new Argument<string[]>("REPOSITORY_NAME") { Description = "The repositories to sync", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Reconcile all repositories in the namespace" };
        var runOnce = new Option<string?>("--run-once")
        {
            Description = "Schedule a one-time sync using a duration (e.g., 10m, 2h30m) or RFC3339 timestamp (e.g., 2025-09-16T12:00:00Z). Minimum allowed duration and default value is 1 minute from time of command invocation.",
        };
        var command = new Command("sync", "Schedule a one-time sync of repositories") { names, all, runOnce };
        command.Aliases.Add("reconcile");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            var at = RunOnceAt(parse.GetValue(runOnce), DateTimeOffset.UtcNow, host.Console.Out);
            var repositories = new List<RepositoryObject>();
            var collection = PorchClient.Repositories(client.Namespace);
            if (parse.GetValue(all))
            {
                repositories.AddRange((await client.GetAsync(collection, PorchJsonContext.Default.RepositoryList, cancellationToken).ConfigureAwait(false)).Items);
            }
            else
            {
                var requested = parse.GetValue(names) ?? [];
                if (requested.Length == 0)
                {
                    throw CliException.Error("repository name(s) required unless --all is set");
                }

                foreach (var name in requested)
                {
                    try
                    {
                        repositories.Add(await client.GetAsync(PorchClient.Named(collection, name), PorchJsonContext.Default.Repository, cancellationToken).ConfigureAwait(false));
                    }
                    catch (PorchApiException ex)
                    {
                        await host.Console.Error.WriteLineAsync($"Error fetching repository \"{name}\": {ex.Message}").ConfigureAwait(false);
                    }
                }
            }

            if (repositories.Count == 0)
            {
                throw CliException.Error($"no repositories found in namespace \"{client.Namespace}\"");
            }

            var failed = false;
            await using (Progress.Start(host.Console, "Scheduling sync"))
            {
                foreach (var repository in repositories)
                {
                    repository.Spec.Sync ??= new RepositorySync();
                    repository.Spec.Sync.RunOnceAt = at;
                    try
                    {
                        await client.WriteAsync(HttpMethod.Put, PorchClient.Named(collection, repository.Metadata.Name!), repository, PorchJsonContext.Default.Repository, cancellationToken).ConfigureAwait(false);
                        await host.Console.Out.WriteLineAsync($"Scheduled one-time sync for \"{repository.Metadata.Name}\" at {at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal)}").ConfigureAwait(false);
                    }
                    catch (PorchApiException ex)
                    {
                        failed = true;
                        await host.Console.Error.WriteLineAsync($"Failed to update repository \"{repository.Metadata.Name}\": {ex.Message}").ConfigureAwait(false);
                    }
                }
            }

            return failed ? 1 : 0;
        });
        return command;
    }

    /// <summary>porchctl's <c>--run-once</c>: a Go duration or an RFC3339 time, at least one minute ahead.</summary>
    internal static DateTimeOffset RunOnceAt(string? value, DateTimeOffset now, TextWriter output)
    {
        var minimum = now.AddMinutes(1);
        if (string.IsNullOrEmpty(value))
        {
            return minimum;
        }

        if (GoDuration.TryParse(value, out var duration))
        {
            if (duration >= TimeSpan.FromMinutes(1))
            {
                return now + duration;
            }

            output.WriteLine("Warning: Duration must be at least 1 minute. Sync time adjusted to comply with minimum delay.");
            return minimum;
        }

        if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var timestamp))
        {
            if (timestamp - now >= TimeSpan.FromMinutes(1))
            {
                return timestamp;
            }

            output.WriteLine("Warning: Scheduled time is within 1 minute or in the past. Sync time adjusted to comply with minimum delay.");
            return minimum;
        }

        throw CliException.Error("invalid --run-once value");
    }

    private static string DefaultName(string address)
    {
        var trimmed = address.TrimEnd('/');
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        return last.EndsWith(".git", StringComparison.Ordinal) ? last[..^4] : last;
    }

    /// <summary>
    /// porchctl keeps repository credentials in a Secret named <c>&lt;name&gt;-auth</c> (<c>buildAuthSecret</c> in
    /// Porch's <c>pkg/cli/commands/repo/reg/command.go</c>): <c>kubernetes.io/basic-auth</c> with <c>username</c> and
    /// <c>password</c>, or <c>kpt.dev/workload-identity-auth</c> without data; one kind only, with Porch's text. A bearer
    /// token (our addition) is an <c>Opaque</c> Secret with key <c>bearerToken</c>. Returns its name, or null without
    /// credentials. Values travel only in the request body, never in an address or a message.
    /// </summary>
    private static async Task<string?> CreateAuthSecretAsync(PorchClient client, string repository, string? username, string? password, bool workloadIdentity, string? bearerToken, CancellationToken cancellationToken)
    {
        var basicAuth = !string.IsNullOrEmpty(username) || !string.IsNullOrEmpty(password);
        var bearer = !string.IsNullOrEmpty(bearerToken);
        if (workloadIdentity && basicAuth)
        {
            throw CliException.Error("both username/password and workload identity specified");
        }

        if (bearer && (basicAuth || workloadIdentity))
        {
            throw CliException.Error(basicAuth ? "both username/password and bearer token specified" : "both bearer token and workload identity specified");
        }

        if (!basicAuth && !workloadIdentity && !bearer)
        {
            return null;
        }

        var name = repository + "-auth";
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = client.Namespace },
        };
        if (workloadIdentity)
        {
            secret["type"] = "kpt.dev/workload-identity-auth";
            secret["data"] = new JsonObject();
        }
        else if (bearer)
        {
            secret["type"] = "Opaque";
            secret["data"] = new JsonObject { ["bearerToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(bearerToken!)) };
        }
        else
        {
            secret["type"] = "kubernetes.io/basic-auth";
            secret["data"] = new JsonObject
            {
                ["username"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(username ?? "")),
                ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password ?? "")),
            };
        }

        try
        {
            await client.PostNodeAsync($"/api/v1/namespaces/{Uri.EscapeDataString(client.Namespace)}/secrets", secret, cancellationToken).ConfigureAwait(false);
        }
        catch (PorchApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw CliException.Error($"cannot store the repository credentials: the server does not serve Secrets ({ex.Message})", ex);
        }

        return name;
    }
}

/// <summary>Go's <c>time.ParseDuration</c> for the units porchctl users write (h, m, s, ms).</summary>
internal static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        if (text.Length == 0)
        {
            return false;
        }

        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            duration += text[unitStart..i] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => TimeSpan.MinValue,
            };
            if (duration < TimeSpan.Zero)
            {
                return false;
            }
        }

        return true;
    }
}
