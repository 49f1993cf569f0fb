namespace Porch.Testing.Contracts;

/// <summary>An adapter broke a rule of the repository contract; the message names the check and what was seen.</summary>
public sealed class RepositoryContractViolationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RepositoryContractViolationException"/> class.</summary>
    public RepositoryContractViolationException()
        : this("The repository contract was violated.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RepositoryContractViolationException"/> class.</summary>
    /// <param name="message">What was violated.</param>
    public RepositoryContractViolationException(string message)
        : base(message)
    {
        Check = "";
    }

    /// <summary>Initializes a new instance of the <see cref="RepositoryContractViolationException"/> class.</summary>
    /// <param name="message">What was violated.</param>
    /// <param name="innerException">The exception the adapter threw, or null.</param>
    public RepositoryContractViolationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Check = "";
    }

    /// <summary>Initializes a new instance of the <see cref="RepositoryContractViolationException"/> class.</summary>
    /// <param name="check">The name of the check that failed.</param>
    /// <param name="message">What was violated.</param>
    /// <param name="innerException">The exception the adapter threw, or null.</param>
    public RepositoryContractViolationException(string check, string message, Exception? innerException)
        : base($"Repository contract check '{check}' failed: {message}", innerException)
    {
        Check = check;
    }

    /// <summary>Gets the name of the check that failed, or an empty string.</summary>
    public string Check { get; }
}
