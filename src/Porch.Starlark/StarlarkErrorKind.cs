namespace Porch.Starlark;

/// <summary>Classifies a <see cref="StarlarkEvalException"/>.</summary>
public enum StarlarkErrorKind
{
    /// <summary>An ordinary dynamic error (type error, missing key, index out of range, ...).</summary>
    Error,

    /// <summary>The script called <c>fail(...)</c>.</summary>
    Fail,

    /// <summary>The step budget (<see cref="StarlarkOptions.MaxSteps"/>) was exhausted.</summary>
    StepBudgetExceeded,

    /// <summary>The allocation budget (<see cref="StarlarkOptions.MaxAllocations"/>) was exhausted.</summary>
    AllocationBudgetExceeded,

    /// <summary>The call depth limit (<see cref="StarlarkOptions.MaxCallDepth"/>) or the native stack was exhausted.</summary>
    CallDepthExceeded,

    /// <summary>The host's cancellation token was signalled.</summary>
    Cancelled,
}
