using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Grpc.Core;
using Porch.Functions.Grpc.Hosting.Diagnostics;
using Porch.Functions.Grpc.Internal;

namespace Porch.Functions.Grpc.Hosting;

/// <summary>What an executable function wrote and how it exited.</summary>
internal sealed record ExecOutcome(byte[] Stdout, string Stderr, int ExitCode);

/// <summary>
/// Runs one executable function: the request's ResourceList on stdin, stdout and stderr read concurrently, each up to
/// the output limit, the process (tree) killed when it overruns the limit, the timeout or the caller's deadline.
/// </summary>
internal static class ExecFunctionProcess
{
    public static async Task<ExecOutcome> RunAsync(
        ExecFunctionOptions function, ReadOnlyMemory<byte> input, TimeSpan timeout, int maxOutput, ILogger logger, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(function.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in function.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        logger.ExecFunctionStarting(function.Image, function.Path);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to execute function \"{function.Image}\": {ex.Message} ()", ex));
        }

        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var overflow = new OverflowFlag();
        var stdoutTask = ReadCappedAsync(process.StandardOutput.BaseStream, maxOutput, process, overflow, linked.Token);
        var stderrTask = ReadCappedAsync(process.StandardError.BaseStream, maxOutput, process, overflow, linked.Token);
        var stdinTask = WriteInputAsync(process.StandardInput.BaseStream, input, linked.Token);
        try
        {
            var stdout = await stdoutTask.ConfigureAwait(false);
            var stderr = await stderrTask.ConfigureAwait(false);
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await stdinTask.ConfigureAwait(false);
            if (overflow.Value)
            {
                logger.ExecFunctionKilled(function.Image, function.Path, "output limit exceeded");
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"output of function \"{function.Image}\" exceeds the limit of {maxOutput} bytes"));
            }

            return new ExecOutcome(stdout, Encoding.UTF8.GetString(stderr), process.ExitCode);
        }
        catch (OperationCanceledException ex)
        {
            Kill(process);
            await ObserveAsync(stdoutTask, stderrTask, stdinTask).ConfigureAwait(false);
            if (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                logger.ExecFunctionKilled(function.Image, function.Path, "timeout");
                throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"function evaluation timed out for {function.Image}: context deadline exceeded (timeout {GoDuration.Format(timeout)})", ex));
            }

            logger.ExecFunctionKilled(function.Image, function.Path, "the call was cancelled");
            throw;
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream stream, int max, Process process, OverflowFlag overflow, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + n > max)
            {
                overflow.Value = true;
                Kill(process);
                return [];
            }

            buffer.Write(chunk, 0, n);
        }
    }

    private static async Task WriteInputAsync(Stream stdin, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            await using (stdin.ConfigureAwait(false))
            {
                await stdin.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The executable exited or closed stdin without reading everything: its exit status tells what happened.
        }
    }

    private static async Task ObserveAsync(params Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Already reported as the cancellation or timeout of the call.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private sealed class OverflowFlag
    {
        public volatile bool Value;
    }
}
