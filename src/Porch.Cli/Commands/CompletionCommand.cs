using System.CommandLine;
using Porch.Cli.Infrastructure;

namespace Porch.Cli.Commands;

/// <summary>
/// <c>porchctl completion bash|zsh</c>: prints a script that completes porchctl's commands, flags and values in that
/// shell. The script asks porchctl itself through System.CommandLine's <c>[suggest:POSITION]</c> directive, so the
/// completions always match the installed version.
/// </summary>
internal sealed class CompletionCommand(CommandHost host)
{
    private const string Bash = """
        # bash completion for porchctl; load with: source <(porchctl completion bash)
        _porchctl_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(compgen -W "$(porchctl "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _porchctl_complete porchctl

        """;

    private const string Zsh = """
        #compdef porchctl
        # zsh completion for porchctl; load with: source <(porchctl completion zsh)
        _porchctl() {
          local -a completions
          completions=("${(@f)$(porchctl "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
          compadd -- ${completions}
        }
        compdef _porchctl porchctl

        """;

    public Command Build()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Generate the autocompletion script for the specified shell") { shell };
        host.SetAction(command, async (parse, cancellationToken) =>
        {
            await host.Console.Out.WriteAsync(parse.GetValue(shell) == "zsh" ? Zsh : Bash).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
