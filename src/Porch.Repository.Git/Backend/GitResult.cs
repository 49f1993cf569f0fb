using System.Text;

namespace Porch.Repository.Git.Backend;

/// <summary>The outcome of one git process.</summary>
internal readonly record struct GitResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
}
