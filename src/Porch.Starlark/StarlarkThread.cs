using System.Runtime.CompilerServices;
using Porch.Starlark.Runtime;
using Porch.Starlark.Syntax;

namespace Porch.Starlark;

/// <summary>
/// Executes Starlark files. A thread carries the options, the budgets and the host's callbacks for
/// <c>print</c> and <c>load</c>. It is not safe for concurrent use; create one per execution or per worker.
/// </summary>
/// <example>
/// <code>
/// var thread = new StarlarkThread(StarlarkOptions.KptDialect()) { PrintHandler = Console.Error.WriteLine };
/// var globals = thread.ExecFile("prog", "x = 1 + 2", new Dictionary&lt;string, StarlarkValue&gt;());
/// </code>
/// </example>
public sealed class StarlarkThread
{
    /// <summary>Bytes charged per <c>print</c> call on top of its text.</summary>
    internal const int PrintOverheadBytes = 32;

    private readonly StarlarkOptions _options;
    private long _steps;
    private long _nextCheck;
    private long _allocated;
    private int _depth;
    private CancellationToken _cancellationToken;

    /// <summary>Initializes a new instance of the <see cref="StarlarkThread"/> class.</summary>
    /// <param name="options">The dialect and budgets; defaults when null.</param>
    public StarlarkThread(StarlarkOptions? options = null)
    {
        _options = options ?? new StarlarkOptions();
    }

    /// <summary>Gets or sets the handler of <c>print(...)</c> output (one call per line, without the newline). Output is discarded when null.</summary>
    public Action<string>? PrintHandler { get; set; }

    /// <summary>
    /// Gets or sets the handler of <c>load("module", ...)</c>: it returns the module's globals. Throw to fail the load
    /// (the message becomes <c>cannot load module: message</c>). Without a handler every load fails.
    /// </summary>
    public Func<string, IReadOnlyDictionary<string, StarlarkValue>>? LoadHandler { get; set; }

    /// <summary>Gets the options.</summary>
    public StarlarkOptions Options => _options;

    /// <summary>Gets the number of steps used by the last (or current) execution.</summary>
    public long Steps => _steps;

    /// <summary>Gets the estimated bytes allocated by the last (or current) execution.</summary>
    public long Allocations => _allocated;

    internal Frame? CurrentFrame { get; set; }

    /// <summary>
    /// Parses, resolves and executes a file, then freezes and returns its globals (in definition order).
    /// </summary>
    /// <param name="filename">The name used in error positions (kpt uses the program name).</param>
    /// <param name="source">The program text.</param>
    /// <param name="predeclared">Host-provided names (for example <c>ctx</c>); may be null.</param>
    /// <param name="cancellationToken">Stops the computation with <see cref="StarlarkErrorKind.Cancelled"/>.</param>
    /// <returns>The module's global variables that were assigned.</returns>
    /// <exception cref="StarlarkSyntaxException">The program has syntax or resolution errors.</exception>
    /// <exception cref="StarlarkEvalException">Execution failed (including <c>fail()</c> and exhausted budgets).</exception>
    public IReadOnlyDictionary<string, StarlarkValue> ExecFile(string filename, string source, IReadOnlyDictionary<string, StarlarkValue>? predeclared = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filename);
        ArgumentNullException.ThrowIfNull(source);
        var program = Compile(filename, source, predeclared ?? new Dictionary<string, StarlarkValue>());
        return Run(filename, program, cancellationToken);
    }

    /// <summary>Calls a Starlark callable (for example a function from a module's globals) from the host.</summary>
    /// <param name="function">The function or builtin.</param>
    /// <param name="arguments">Positional arguments.</param>
    /// <param name="cancellationToken">Stops the computation with <see cref="StarlarkErrorKind.Cancelled"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="StarlarkEvalException">The call failed.</exception>
    public StarlarkValue Call(StarlarkValue function, IReadOnlyList<StarlarkValue> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        var outermost = CurrentFrame is null;
        if (outermost)
        {
            Reset(cancellationToken);
        }

        try
        {
            return Calls.Call(this, function, arguments.ToArray(), Array.Empty<KeyValuePair<string, StarlarkValue>>());
        }
        catch (StarlarkError e)
        {
            // From a builtin too, the failure of the call is the public exception with its call stack, so the host can
            // catch it; when the builtin lets it pass, the interpreter carries it on unchanged (StarlarkError.FromPublic).
            throw e.ToPublic();
        }
    }

    internal static Program Compile(string filename, string source, IReadOnlyDictionary<string, StarlarkValue> predeclared, StarlarkOptions options)
    {
        List<Stmt> stmts;
        try
        {
            stmts = Parser.ParseFile(source);
        }
        catch (SyntaxError e)
        {
            throw new StarlarkSyntaxException(new[] { new StarlarkDiagnostic(new StarlarkPosition(filename, e.Pos.Line, e.Pos.Col), e.Message) });
        }

        return Resolver.Resolve(filename, stmts, options, predeclared, Universe.Builtins);
    }

    internal StarlarkValue Print(string line)
    {
        // What print emits is kept by the host (kpt keeps every line as a result), so it counts against the same
        // allocation budget as the values the script builds.
        Charge(PrintOverheadBytes + (2L * line.Length));
        PrintHandler?.Invoke(line);
        return StarlarkNone.Instance;
    }

    internal IReadOnlyDictionary<string, StarlarkValue> LoadModule(string module)
    {
        if (LoadHandler is null)
        {
            throw new StarlarkError("cannot load " + module + ": no load handler");
        }

        try
        {
            return LoadHandler(module) ?? throw new StarlarkError("cannot load " + module + ": module not found");
        }
        catch (StarlarkEvalException e)
        {
            throw new StarlarkError("cannot load " + module + ": " + e.Message, e.Kind, e);
        }
        catch (StarlarkSyntaxException e)
        {
            throw new StarlarkError("cannot load " + module + ": " + e.Message, StarlarkErrorKind.Error, e);
        }
        catch (Exception e) when (e is not StarlarkError)
        {
            throw new StarlarkError("cannot load " + module + ": " + e.Message, StarlarkErrorKind.Error, e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Step()
    {
        if (++_steps >= _nextCheck)
        {
            CheckBudget();
        }
    }

    /// <summary>Counts several steps at once (for builtins whose cost grows with their operands).</summary>
    internal void AddSteps(long n)
    {
        _steps += n;
        if (_steps >= _nextCheck)
        {
            CheckBudget();
        }
    }

    /// <summary>Charges an estimated number of bytes to the allocation budget.</summary>
    internal void Charge(long bytes)
    {
        _allocated += bytes;
        if (_allocated > _options.MaxAllocations || _allocated < 0)
        {
            _allocated = long.MaxValue / 2;
            throw new StarlarkError("Starlark computation cancelled: too many allocations (budget of " + _options.MaxAllocations.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes exceeded)", StarlarkErrorKind.AllocationBudgetExceeded);
        }
    }

    /// <summary>
    /// Charges bytes that the host allocates on the script's behalf (for example when it converts the values a script
    /// produced into its own objects) against <see cref="StarlarkOptions.MaxAllocations"/>, together with what the last
    /// (or current) execution allocated.
    /// </summary>
    /// <param name="bytes">The estimated bytes; not negative.</param>
    /// <exception cref="StarlarkEvalException">The budget is exhausted (<see cref="StarlarkErrorKind.AllocationBudgetExceeded"/>).</exception>
    public void ChargeAllocations(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (CurrentFrame is not null)
        {
            Charge(bytes);
            return;
        }

        try
        {
            Charge(bytes);
        }
        catch (StarlarkError e)
        {
            throw e.ToPublic();
        }
    }

    internal void EnterCall(StarlarkFunction fn)
    {
        if (_depth >= _options.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new StarlarkError("Starlark stack overflow: maximum call depth of " + _options.MaxCallDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " exceeded", StarlarkErrorKind.CallDepthExceeded);
        }

        if (!_options.AllowRecursion)
        {
            for (var f = CurrentFrame; f is not null; f = f.Parent)
            {
                if (f.Def == fn.Def)
                {
                    throw new StarlarkError("function " + fn.Def.Name + " called recursively");
                }
            }
        }

        _depth++;
        Step();
    }

    internal void LeaveCall() => _depth--;

    private Program Compile(string filename, string source, IReadOnlyDictionary<string, StarlarkValue> predeclared) =>
        Compile(filename, source, predeclared, _options);

    private void Reset(CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _steps = 0;
        _allocated = 0;
        _depth = 0;
        _nextCheck = Math.Min(1024, _options.MaxSteps + 1);
        if (cancellationToken.IsCancellationRequested)
        {
            throw new StarlarkEvalException(StarlarkErrorKind.Cancelled, "Starlark computation cancelled: context cancelled", Array.Empty<StarlarkCallFrame>());
        }
    }

    private Dictionary<string, StarlarkValue> Run(string filename, Program program, CancellationToken cancellationToken)
    {
        Reset(cancellationToken);
        var module = new ModuleState(filename, program.GlobalNames);
        var locals = new StarlarkValue?[program.NumLocals];
        foreach (var slot in program.CellSlots)
        {
            locals[slot] = new Cell(null);
        }

        var frame = new Frame(this, null, module, locals, Array.Empty<Cell>(), null);
        CurrentFrame = frame;
        try
        {
            Stmt.ExecBlock(program.Body, frame);
        }
        catch (StarlarkError e)
        {
            throw e.ToPublic();
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new StarlarkEvalException(StarlarkErrorKind.CallDepthExceeded, "Starlark stack overflow", Array.Empty<StarlarkCallFrame>(), null, e);
        }
        finally
        {
            CurrentFrame = null;
            _depth = 0;
        }

        var result = new Dictionary<string, StarlarkValue>(StringComparer.Ordinal);
        for (var i = 0; i < module.Names.Length; i++)
        {
            var v = module.Globals[i];
            if (v is not null)
            {
                v.Freeze();
                result[module.Names[i]] = v;
            }
        }

        return result;
    }

    private void CheckBudget()
    {
        if (_steps > _options.MaxSteps)
        {
            throw new StarlarkError("Starlark computation cancelled: too many steps", StarlarkErrorKind.StepBudgetExceeded);
        }

        if (_cancellationToken.IsCancellationRequested)
        {
            throw new StarlarkError("Starlark computation cancelled: " + "context cancelled", StarlarkErrorKind.Cancelled);
        }

        _nextCheck = Math.Min(_steps + 1024, _options.MaxSteps + 1);
    }
}
