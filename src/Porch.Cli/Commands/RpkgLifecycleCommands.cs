using System.CommandLine;
using Porch.Cli.Client;
using Porch.Cli.Infrastructure;
using Porch.Engine.Api;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>rpkg propose|approve|reject|propose-delete|delete</c>: lifecycle moves on one or more package revisions, each
/// reported on its own line with porchctl's words; failures are listed again at the end and the exit code is 1.
/// </summary>
internal sealed class RpkgLifecycleCommands(CommandHost host)
{
    private delegate Task<string?> Move(PorchClient client, PackageRevision revision, CancellationToken cancellationToken);

    public IEnumerable<Command> Build()
    {
        yield return Verb("propose", [], "Propose package revisions for approval (Draft to Proposed)", ProposeAsync);
        yield return Verb("approve", [], "Approve proposed package revisions (Proposed to Published)", ApproveAsync);
        yield return Verb("reject", [], "Reject a proposal for approval or for deletion", RejectAsync);
        yield return Verb("propose-delete", ["propose-del"], "Propose published package revisions for deletion", ProposeDeleteAsync);
        yield return DeleteVerb();
    }

    private Command Verb(string name, string[] aliases, string description, Move move)
    {
        var names = new Argument<string[]>("PACKAGE_REVISION") { Description = "Names of the package revisions", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { names };
        foreach (var alias in aliases)
        {
            command.Aliases.Add(alias);
        }

        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            return await ForEachAsync(parse.GetValue(names)!, async n =>
            {
                var revision = await RpkgCommands.GetRevisionAsync(client, n, cancellationToken).ConfigureAwait(false);
                return await move(client, revision, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private Command DeleteVerb()
    {
        var names = new Argument<string[]>("PACKAGE_REVISION") { Description = "Names of the package revisions", Arity = ArgumentArity.OneOrMore };
        var command = new Command("delete", "Delete package revisions") { names };
        command.Aliases.Add("del");
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            using var client = await host.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            return await ForEachAsync(parse.GetValue(names)!, async n =>
            {
                await client.DeleteAsync(PorchClient.Named(PorchClient.PackageRevisions(client.Namespace), n), cancellationToken).ConfigureAwait(false);
                return $"{n} deleted";
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="action"/> per name: its line goes to stdout; a failure prints <c>&lt;name&gt; failed (&lt;error&gt;)</c>
    /// on stderr, and after the last name porchctl's summary <c>Error: errors:</c> lists every failure.
    /// </summary>
    private async Task<int> ForEachAsync(IEnumerable<string> names, Func<string, Task<string?>> action, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await action(name).ConfigureAwait(false) is { } line)
                {
                    await host.Console.Out.WriteLineAsync(line).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is PorchApiException or LifecycleException || ex is CliException { InnerException: PorchApiException })
            {
                // Only answers about this package are per-package failures; an unreachable server ends the command.
                var message = ex is CliException cli ? Unwrap(cli.Message) : ex.Message;
                errors.Add(message);
                await host.Console.Error.WriteLineAsync($"{name} failed ({message})").ConfigureAwait(false);
            }
        }

        if (errors.Count == 0)
        {
            return 0;
        }

        throw new CliException("Error: errors:\n  " + string.Join("\n  ", errors) + " ");
    }

    private static string Unwrap(string message) =>
        message.StartsWith("Error: ", StringComparison.Ordinal) ? message["Error: ".Length..].TrimEnd() : message;

    /// <summary>
    /// porchapi.PackageRevisionIsReady, which propose and approve check before anything else: every readiness gate's
    /// condition is present with status True.
    /// </summary>
    private static void RequireReady(PackageRevision revision)
    {
        if (!revision.Spec.ReadinessGates.All(g => revision.Status.Conditions.Any(c => c.Type == g.ConditionType && c.Status == ConditionStatus.True)))
        {
            throw new LifecycleException("readiness conditions not met");
        }
    }

    private async Task<string?> ProposeAsync(PorchClient client, PackageRevision revision, CancellationToken cancellationToken)
    {
        var name = revision.Metadata.Name!;
        RequireReady(revision);
        switch (revision.Spec.Lifecycle)
        {
            case PackageRevisionLifecycle.Draft:
                revision.Spec.Lifecycle = PackageRevisionLifecycle.Proposed;
                await UpdateAsync(client, revision, approval: false, cancellationToken).ConfigureAwait(false);
                return $"{name} proposed";
            case PackageRevisionLifecycle.Proposed:
                await host.Console.Error.WriteLineAsync($"{name} is already proposed").ConfigureAwait(false);
                return null;
            default:
                throw new LifecycleException($"cannot propose {revision.Spec.Lifecycle} package");
        }
    }

    private static async Task<string?> ApproveAsync(PorchClient client, PackageRevision revision, CancellationToken cancellationToken)
    {
        var name = revision.Metadata.Name!;
        RequireReady(revision);
        switch (revision.Spec.Lifecycle)
        {
            case PackageRevisionLifecycle.Proposed:
                revision.Spec.Lifecycle = PackageRevisionLifecycle.Published;
                await UpdateAsync(client, revision, approval: true, cancellationToken).ConfigureAwait(false);
                return $"{name} approved";
            case PackageRevisionLifecycle.Published:
                return $"{name} approved";
            default:
                throw new LifecycleException($"cannot change approval from {revision.Spec.Lifecycle} to {PackageRevisionLifecycle.Published}");
        }
    }

    private static async Task<string?> RejectAsync(PorchClient client, PackageRevision revision, CancellationToken cancellationToken)
    {
        var name = revision.Metadata.Name!;
        switch (revision.Spec.Lifecycle)
        {
            case PackageRevisionLifecycle.Proposed:
                revision.Spec.Lifecycle = PackageRevisionLifecycle.Draft;
                await UpdateAsync(client, revision, approval: false, cancellationToken).ConfigureAwait(false);
                return $"{name} no longer proposed for approval";
            case PackageRevisionLifecycle.DeletionProposed:
                revision.Spec.Lifecycle = PackageRevisionLifecycle.Published;
                await UpdateAsync(client, revision, approval: true, cancellationToken).ConfigureAwait(false);
                return $"{name} no longer proposed for deletion";
            default:
                throw new LifecycleException($"cannot reject {name} with lifecycle '{revision.Spec.Lifecycle}'");
        }
    }

    private async Task<string?> ProposeDeleteAsync(PorchClient client, PackageRevision revision, CancellationToken cancellationToken)
    {
        var name = revision.Metadata.Name!;
        switch (revision.Spec.Lifecycle)
        {
            case PackageRevisionLifecycle.Published:
                revision.Spec.Lifecycle = PackageRevisionLifecycle.DeletionProposed;
                await UpdateAsync(client, revision, approval: true, cancellationToken).ConfigureAwait(false);
                return $"{name} proposed for deletion";
            case PackageRevisionLifecycle.DeletionProposed:
                await host.Console.Error.WriteLineAsync($"{name} is already proposed for deletion").ConfigureAwait(false);
                return null;
            default:
                throw new LifecycleException($"can only propose published packages for deletion; package {name} is not published");
        }
    }

    private static Task<PackageRevision> UpdateAsync(PorchClient client, PackageRevision revision, bool approval, CancellationToken cancellationToken)
    {
        var path = PorchClient.Named(PorchClient.PackageRevisions(client.Namespace), revision.Metadata.Name!) + (approval ? "/approval" : "");
        return client.WriteAsync(HttpMethod.Put, path, revision, PorchJsonContext.Default.PackageRevision, cancellationToken);
    }

    /// <summary>A lifecycle move porchctl refuses before asking the server.</summary>
    private sealed class LifecycleException(string message) : Exception(message);
}
