using System.CommandLine;
using Porch.Cli.Client;
using Porch.Engine.Errors;

namespace Porch.Cli.Infrastructure;

/// <summary>
/// What every command shares: the console, the global options, and the one place failures become a line on stderr
/// and an exit code (with the stack trace only under <c>-v</c>).
/// </summary>
internal sealed class CommandHost
{
    public CommandHost(CliConsole console, GlobalOptions options)
    {
        Console = console;
        Options = options;
    }

    public CliConsole Console { get; }

    public GlobalOptions Options { get; }

    /// <summary>Sets <paramref name="action"/> as the command's action, wrapped in the failure handling.</summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, action, cancellationToken));

    /// <summary>Opens a client for the server the global options (or the kubeconfig) name.</summary>
    public async Task<PorchClient> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = await ConnectionSettings.ResolveAsync(parse, Options, cancellationToken).ConfigureAwait(false);
        var log = new Klog(Console.Error, parse.GetValue(Options.Verbose));
        foreach (var file in settings.LoadedFiles)
        {
            await log.ConfigLoadedAsync(file).ConfigureAwait(false);
        }

        return new PorchClient(settings, log);
    }

    private async Task<int> RunAsync(ParseResult parse, Func<ParseResult, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action(parse, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (text, code) = ex switch
            {
                CliException cli => (cli.Message, cli.ExitCode),
                PorchApiException api => ($"Error: {api.Message} ", 1),
                PorchException or Porch.Krm.KrmException => ($"Error: {ex.Message} ", 1),
                IOException or UnauthorizedAccessException => ($"Error: {ex.Message} ", 1),
                _ => ($"Error: {ex.GetType().Name}: {ex.Message} ", 1),
            };
            await Console.Error.WriteLineAsync(text).ConfigureAwait(false);
            if (parse.GetValue(Options.Verbose) >= Klog.StackTraceLevel)
            {
                await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return code;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Error: interrupted ").ConfigureAwait(false);
            return 130;
        }
    }
}
