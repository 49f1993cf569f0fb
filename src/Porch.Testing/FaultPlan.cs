using Porch.Engine.Errors;

namespace Porch.Testing;

/// <summary>Decides which repository calls a <see cref="FaultInjectingRepository"/> fails, and counts the calls. Thread safe.</summary>
public sealed class FaultPlan
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RepositoryOperation, int> _calls = new();
    private readonly Dictionary<RepositoryOperation, (int Occurrence, Func<Exception> Fault)> _faults = new();

    /// <summary>Makes the <paramref name="occurrence"/>-th call of <paramref name="operation"/> (counted from now) fail.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="occurrence">Which call fails, 1 for the next one.</param>
    /// <param name="fault">Creates the exception; default a <see cref="RepositoryUnavailableException"/> naming the operation.</param>
    /// <returns>This plan.</returns>
    public FaultPlan FailOn(RepositoryOperation operation, int occurrence = 1, Func<Exception>? fault = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        lock (_lock)
        {
            _faults[operation] = (CallsLocked(operation) + occurrence, fault ?? (() => new RepositoryUnavailableException($"injected fault in {operation}")));
        }

        return this;
    }

    /// <summary>Removes every planned fault (counts stay).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>Gets how often <paramref name="operation"/> was called.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The count.</returns>
    public int Calls(RepositoryOperation operation)
    {
        lock (_lock)
        {
            return CallsLocked(operation);
        }
    }

    /// <summary>Counts a call and throws when it is planned to fail.</summary>
    /// <param name="operation">The operation being called.</param>
    internal void OnCall(RepositoryOperation operation)
    {
        Exception? fault = null;
        lock (_lock)
        {
            var n = CallsLocked(operation) + 1;
            _calls[operation] = n;
            if (_faults.TryGetValue(operation, out var planned) && planned.Occurrence == n)
            {
                _faults.Remove(operation);
                fault = planned.Fault();
            }
        }

        if (fault is not null)
        {
            throw fault;
        }
    }

    private int CallsLocked(RepositoryOperation operation) => _calls.GetValueOrDefault(operation);
}
