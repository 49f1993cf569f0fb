using Google.Protobuf;
using Porch.Engine.Errors;
using Porch.Functions.Grpc.Hosting;
using Porch.Functions.Grpc.Protos;
using Porch.Functions.Grpc.Tests.Infrastructure;
using Porch.Krm.Functions;

namespace Porch.Functions.Grpc.Hosting.Tests;

/// <summary>Executables served as functions by our host (kpt exec functions: ResourceList on stdin, ResourceList on stdout).</summary>
public sealed class ExecFunctionTests : IAsyncLifetime
{
    private const string Identity = "example.com/exec/identity:v1";
    private const string Failing = "example.com/exec/failing:v1";
    private const string Garbage = "example.com/exec/garbage:v1";
    private const string Slow = "example.com/exec/slow:v1";
    private const string Chatty = "example.com/exec/chatty:v1";
    private const string Missing = "example.com/exec/missing:v1";
    private readonly string _dir = Directory.CreateTempSubdirectory("porch-exec-").FullName;
    private FunctionRunnerHost _host = null!;

    private string SlowPidFile => Path.Combine(_dir, "slow.pid");

    public async Task InitializeAsync()
    {
        _host = await FunctionRunnerHost.StartAsync(o =>
        {
            o.ExecTimeout = TimeSpan.FromSeconds(3);
            o.MaxExecOutputSize = 64 * 1024;
            o.ExecFunctions =
            [
                Exec(Identity, "cat; echo 'from exec' >&2"),
                Exec(Failing, """
                    cat >/dev/null
                    printf 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nresults:\n- message: bad thing\n  severity: error\n'
                    echo oops >&2
                    exit 1
                    """),
                Exec(Garbage, "cat >/dev/null; echo 'items: [unclosed'; echo broken >&2; exit 3"),
                Exec(Slow, $"cat >/dev/null; echo $$ > '{SlowPidFile}'; exec sleep 30"),
                Exec(Chatty, "cat >/dev/null; head -c 200000 /dev/zero | tr '\\0' a"),
                new ExecFunctionOptions { Image = Missing, Path = Path.Combine(_dir, "does-not-exist") },
            ];
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Evaluate_IdentityExecutable_ReturnsStdoutAndStderrAsLog()
    {
        var input = Resources.List(2).ToYaml();

        var response = await DirectClient.EvaluateAsync(_host.Address, new EvaluateFunctionRequest { Image = Identity, ResourceList = ByteString.CopyFromUtf8(input) });

        Assert.Equal(input, response.ResourceList.ToStringUtf8());
        Assert.Equal("from exec\n", response.Log.ToStringUtf8());
    }

    [Fact]
    public async Task RunAsync_ExecutableExitsNonZeroWithResults_InternalWithResultsPreserved()
    {
        using var runtime = ClientRuntime.Create(_host.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ClientRuntime.RunAsync(runtime, Failing, Resources.List(1)));

        Assert.Equal($"func eval \"{Failing}\" failed: rpc error: code = Internal desc = failed to evaluate function \"{Failing}\" with structured results: [error]: bad thing and stderr: oops\n", ex.Message);
        var record = Assert.Single(ex.Results!.Items);
        Assert.Equal("oops\n", record.Stderr);
        Assert.Equal("bad thing", Assert.Single(record.Results).Message);
    }

    [Fact]
    public async Task RunAsync_ExecutableWritesGarbage_InternalParseError()
    {
        using var runtime = ClientRuntime.Create(_host.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ClientRuntime.RunAsync(runtime, Garbage, Resources.List(1)));

        Assert.StartsWith($"func eval \"{Garbage}\" failed: rpc error: code = Internal desc = failed to parse the output of function \"{Garbage}\" with stderr 'broken\n': ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExecutableTooSlow_KilledWithDeadlineExceeded()
    {
        using var runtime = ClientRuntime.Create(_host.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ClientRuntime.RunAsync(runtime, Slow, Resources.List(1)));

        Assert.Equal($"func eval \"{Slow}\" failed: rpc error: code = DeadlineExceeded desc = function evaluation timed out for {Slow}: context deadline exceeded (timeout 3s)", ex.Message);

        // The script writes its pid and then becomes `sleep 30`. A missing or partly written pid file means it was
        // killed before it got that far; otherwise that process must be gone rather than left sleeping.
        if (File.Exists(SlowPidFile) && int.TryParse(File.ReadAllText(SlowPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            await AssertExitsAsync(pid);
        }
    }

    private static async Task AssertExitsAsync(int pid)
    {
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return;
        }

        using (process)
        {
            // A generous deadline for a loaded machine: the kill is the behaviour under test, not how fast it lands.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the slow executable (pid {pid}) was not killed at its timeout: still running a minute later");
            }
        }
    }

    [Fact]
    public async Task RunAsync_ExecutableOutputOverLimit_ResourceExhausted()
    {
        using var runtime = ClientRuntime.Create(_host.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ClientRuntime.RunAsync(runtime, Chatty, Resources.List(1)));

        Assert.Equal($"func eval \"{Chatty}\" failed: rpc error: code = ResourceExhausted desc = output of function \"{Chatty}\" exceeds the limit of 65536 bytes", ex.Message);
    }

    [Fact]
    public async Task RunAsync_ExecutableMissing_Internal()
    {
        using var runtime = ClientRuntime.Create(_host.Address);

        var ex = await Assert.ThrowsAsync<FunctionEvaluationException>(() => ClientRuntime.RunAsync(runtime, Missing, Resources.List(1)));

        Assert.StartsWith($"func eval \"{Missing}\" failed: rpc error: code = Internal desc = Failed to execute function \"{Missing}\": ", ex.Message, StringComparison.Ordinal);
    }

    private ExecFunctionOptions Exec(string image, string script)
    {
        var path = Path.Combine(_dir, image.Split('/')[^1].Replace(':', '-') + ".sh");
        File.WriteAllText(path, script + "\n");

        // Run through /bin/sh rather than executing the fresh file: a process forked meanwhile by a parallel test can
        // still hold the file open for writing, and exec would fail with ETXTBSY.
        return new ExecFunctionOptions { Image = image, Path = "/bin/sh", Arguments = [path] };
    }
}
