namespace Porch.Testing.Contracts;

/// <summary>
/// One rule of the repository contract, runnable on its own (one test case per check) against a fresh subject from a
/// factory. <see cref="RepositoryAdapterContract.Checks"/> lists them all.
/// </summary>
public sealed class RepositoryContractCheck
{
    private readonly Func<ContractContext, Task> _body;

    internal RepositoryContractCheck(string name, string description, Func<ContractContext, Task> body)
    {
        Name = name;
        Description = description;
        _body = body;
    }

    /// <summary>Gets the name of the check (stable: use it as a test case name).</summary>
    public string Name { get; }

    /// <summary>Gets what the check proves, in one sentence.</summary>
    public string Description { get; }

    /// <summary>
    /// Runs the check against a new subject from <paramref name="factory"/>, then disposes every repository it opened
    /// and the subject.
    /// </summary>
    /// <param name="factory">Makes an adapter and a Repository object naming a new, empty repository.</param>
    /// <param name="options">Settings; null for defaults.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the check passed.</returns>
    /// <exception cref="RepositoryContractViolationException">The adapter broke the rule, threw something the contract does not allow, or hung.</exception>
    public async Task RunAsync(Func<CancellationToken, Task<RepositoryContractSubject>> factory, RepositoryContractOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new RepositoryContractOptions();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CheckTimeout);
        var subject = await factory(timeout.Token).ConfigureAwait(false)
            ?? throw new RepositoryContractViolationException(Name, "the factory returned no subject", null);
        await using (subject.ConfigureAwait(false))
        {
            var context = new ContractContext(Name, subject, timeout.Token);
            try
            {
                // WaitAsync turns an adapter that ignores its token into a named failure instead of a hung test run.
                await _body(context).WaitAsync(options.CheckTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RepositoryContractViolationException)
            {
                throw;
            }
            catch (TimeoutException ex)
            {
                throw new RepositoryContractViolationException(Name, $"did not finish within {options.CheckTimeout} (a hang or a lost wake-up in the adapter)", ex);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new RepositoryContractViolationException(Name, $"did not finish within {options.CheckTimeout} (a hang or a lost wake-up in the adapter)", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new RepositoryContractViolationException(Name, $"the adapter threw {ex.GetType().Name} where the contract expects success: {ex.Message}", ex);
            }
            finally
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns the name of the check.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
