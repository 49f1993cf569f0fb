using System.CommandLine;
using Porch.Cli.Commands;
using Porch.Cli.Infrastructure;

// porchctl for .NET: kpt's local function verbs and Porch's repo/rpkg verbs, one command group per class.
var console = CliConsole.FromSystem();
var options = new GlobalOptions();
var host = new CommandHost(console, options);
var root = new RootCommand("porchctl: render and update kpt packages locally, and manage repositories and package revisions on a Porch server");
options.AddTo(root);
root.Subcommands.Add(new FnCommands(host).Build());
root.Subcommands.Add(new PkgCommands(host).Build());
root.Subcommands.Add(new RepoCommands(host).Build());
root.Subcommands.Add(new RpkgCommands(host).Build());
root.Subcommands.Add(new CompletionCommand(host).Build());
var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };

// Arguments are taken as given, as cobra takes them: "@name" is a name or a path, never a response file to expand.
var parsing = new ParserConfiguration { ResponseFileTokenReplacer = null };
return await root.Parse(args, parsing).InvokeAsync(configuration).ConfigureAwait(false);
