namespace Porch.Repository.Git;

/// <summary>Which Git implementation the adapter drives (<see cref="GitRepositoryOptions.Backend"/>).</summary>
public enum GitBackendKind
{
    /// <summary>
    /// The <c>git</c> executable: a <c>cat-file --batch</c> reader, <c>update-ref --stdin</c> transactions, and every fetch
    /// and push as a process (one <c>push --atomic</c> with a lease per ref).
    /// </summary>
    Cli = 0,

    /// <summary>
    /// libgit2 in process (LibGit2Sharp): object reads, ref updates, fetches and single-ref pushes run without a process.
    /// Pushes of several refs that must land together, and operations that need a bearer token where libgit2 cannot send
    /// one, still go through the <c>git</c> executable (see the package README).
    /// </summary>
    LibGit2Sharp = 1,
}
