namespace Porch.Functions.Grpc.Hosting;

/// <summary>Options of the function-runner host that <c>MapFunctionEvaluator()</c> serves.</summary>
public sealed class FunctionEvaluatorOptions
{
    /// <summary>Gets or sets the largest request or response message, in bytes.</summary>
    /// <remarks>Default 6 MiB, as Porch's function runner (<c>--max-request-body-size</c>); 1 KiB to 1 GiB.</remarks>
    public int MaxMessageSize { get; set; } = Porch.Functions.Grpc.GrpcFunctionRuntimeOptions.DefaultMaxGrpcMessageSize;

    /// <summary>
    /// Gets or sets the local executables served as functions (kpt's exec functions, Porch's binary executors): each reads
    /// a ResourceList on stdin and writes one on stdout. They are asked before the registered function runtimes.
    /// </summary>
    /// <remarks>Default empty.</remarks>
    public IList<ExecFunctionOptions> ExecFunctions { get; set; } = new List<ExecFunctionOptions>();

    /// <summary>Gets or sets how long one executable may run before it is killed.</summary>
    /// <remarks>Default 1 minute; more than zero and at most 1 hour. A shorter <c>grpc-timeout</c> of the caller wins.</remarks>
    public TimeSpan ExecTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the most an executable may write to stdout, and separately to stderr, before it is killed.</summary>
    /// <remarks>Default 6 MiB; 1 KiB to 1 GiB.</remarks>
    public int MaxExecOutputSize { get; set; } = Porch.Functions.Grpc.GrpcFunctionRuntimeOptions.DefaultMaxGrpcMessageSize;

    /// <summary>
    /// Gets or sets the largest <c>grpc-status-details-bin</c> trailer sent with a function failure. The details carry the
    /// failed function's output (results and stderr) for clients that read them; larger details are left out, and the
    /// status message still carries the results as text, as Porch's runner sends them.
    /// </summary>
    /// <remarks>Default 4 KiB, within the 8 KiB metadata limit of gRPC's C core; zero sends no details.</remarks>
    public int MaxStatusDetailsSize { get; set; } = 4096;
}
