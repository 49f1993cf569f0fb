namespace Porch.Krm;

/// <summary>
/// A package-relative resource path is unsafe or malformed (see <see cref="PackagePath"/>).
/// </summary>
public sealed class PackagePathException : KrmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The offending path.</param>
    /// <param name="message">The message; it names the path.</param>
    public PackagePathException(string path, string message)
        : base(message, null) => Path = path;

    /// <summary>The offending path.</summary>
    public string Path { get; }
}
