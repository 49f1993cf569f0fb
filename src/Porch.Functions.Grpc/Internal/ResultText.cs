using Porch.Krm;

namespace Porch.Functions.Grpc.Internal;

/// <summary>Prints function results as Porch's wrapper-server puts them into its error.</summary>
internal static class ResultText
{
    /// <summary>
    /// The results as Porch's wrapper-server puts them into its error: each as the SDK's <c>Result.String()</c>
    /// (<see cref="KrmResult.ToString"/>), joined by blank lines.
    /// </summary>
    public static string Format(IEnumerable<KrmResult> results) => string.Join("\n\n", results.Select(r => r.ToString()));
}
