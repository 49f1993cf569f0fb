using Porch.Engine.Api;

namespace Porch.Engine.Errors;

/// <summary>
/// A package revision (or the package or repository it names) does not exist.
/// </summary>
public sealed class PackageRevisionNotFoundException : PorchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Porch's message, unchanged.</param>
    /// <param name="key">The key that was looked up, when known.</param>
    public PackageRevisionNotFoundException(string message, PackageRevisionKey? key = null)
        : base(PorchErrorCode.NotFound, message, innerException: null) => Key = key;

    /// <summary>The key that was looked up, when known.</summary>
    public PackageRevisionKey? Key { get; }
}
