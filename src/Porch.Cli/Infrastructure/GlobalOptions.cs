using System.CommandLine;

namespace Porch.Cli.Infrastructure;

/// <summary>Options every command accepts (kubectl's connection flags, and <c>-v</c> for stack traces).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server", "-s") { Description = "The address of the Porch API server (https://host:port)", Recursive = true };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Path to the kubeconfig file to read the server, token and namespace from", Recursive = true };

    public Option<string?> Context { get; } = new("--context") { Description = "The kubeconfig context to use", Recursive = true };

    public Option<string?> Namespace { get; } = new("--namespace", "-n") { Description = "The namespace (default: the kubeconfig context's, else \"default\")", Recursive = true };

    public Option<string?> Token { get; } = new("--token") { Description = "Bearer token for authentication to the API server", Recursive = true };

    public Option<bool> InsecureSkipTlsVerify { get; } = new("--insecure-skip-tls-verify") { Description = "Do not check the server's certificate", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print the stack trace of a failure", Recursive = true };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Server);
        root.Options.Add(Kubeconfig);
        root.Options.Add(Context);
        root.Options.Add(Namespace);
        root.Options.Add(Token);
        root.Options.Add(InsecureSkipTlsVerify);
        root.Options.Add(Verbose);
    }
}
