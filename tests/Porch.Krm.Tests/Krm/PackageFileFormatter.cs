using Porch.Krm;

namespace Porch.Krm.Tests.Krm;

/// <summary>Reads one file into resources as kpt's package reader does and writes it back (optionally through a no-op function).</summary>
internal static class PackageFileFormatter
{
    public static string Format(string fileName, string text, bool throughFunction)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { [fileName] = text };
        var package = PackageResources.Read(files);
        if (throughFunction)
        {
            package = package.RoundTripThroughFunction();
        }

        var written = package.Write(files);
        return written[fileName];
    }
}
