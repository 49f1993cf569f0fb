using Porch.Krm;

namespace Porch.Engine.Errors;

/// <summary>
/// The Repository a request names is not registered: Kubernetes' 404 <c>repositories.config.porch.kpt.dev "name" not found</c>.
/// </summary>
public sealed class RepositoryNotFoundException : PorchException
{
    /// <summary>Creates the exception with Porch's message for <paramref name="name"/>.</summary>
    /// <param name="namespace">The namespace that was searched.</param>
    /// <param name="name">The repository name.</param>
    public RepositoryNotFoundException(string @namespace, string name)
        : base(PorchErrorCode.NotFound, $"repositories.config.porch.kpt.dev {GoString.Quote(name ?? "")} not found", innerException: null)
    {
        Namespace = @namespace;
        Name = name ?? "";
    }

    /// <summary>Gets the namespace that was searched.</summary>
    public string Namespace { get; }

    /// <summary>Gets the repository name.</summary>
    public string Name { get; }
}
