namespace Porch.Engine.Errors;

/// <summary>
/// A package-relative resource path is unsafe or malformed (see <see cref="PackagePath"/>).
/// </summary>
public sealed class PackagePathException : PorchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The offending path.</param>
    /// <param name="message">The message; it names the path.</param>
    public PackagePathException(string path, string message)
        : base(PorchErrorCode.BadRequest, message) => Path = path;

    /// <summary>The offending path.</summary>
    public string Path { get; }
}
