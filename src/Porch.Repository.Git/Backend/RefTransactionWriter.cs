using System.Diagnostics;
using System.Text;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// One long-lived <c>git update-ref --stdin</c> per mirror, used in transaction mode: each call sends
/// <c>start</c>, the updates, <c>prepare</c> and <c>commit</c> and waits for the three <c>ok</c> answers, so a local ref
/// change costs no process start. A failed transaction ends the process (git reports it and exits); the next call starts
/// a new one.
/// </summary>
internal sealed class RefTransactionWriter(GitProcessRunner runner, string gitDirectory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private Process? _process;
    private StreamWriter? _stdin;
    private StreamReader? _stdout;

    /// <summary>Runs one transaction of <c>create</c>/<c>update</c>/<c>delete</c> lines (each ending in a newline).</summary>
    public async Task CommitAsync(string updates, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Start();
            try
            {
                await _stdin!.WriteAsync(("start\n" + updates + "prepare\ncommit\n").AsMemory(), cancellationToken).ConfigureAwait(false);
                await _stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
                foreach (var expected in new[] { "start: ok", "prepare: ok", "commit: ok" })
                {
                    var line = await _stdout!.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    if (line != expected)
                    {
                        throw new IOException(line ?? "update-ref ended");
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                var process = _process!;
                Stop();
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                string stderr;
                lock (_stderr)
                {
                    stderr = _stderr.ToString();
                }

                throw new GitCommandException("update-ref", process.ExitCode, stderr.Length > 0 ? stderr : ex.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Stop();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Start()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        Stop();
        lock (_stderr)
        {
            _stderr.Clear();
        }

        var process = new Process { StartInfo = runner.CreateStartInfo(gitDirectory, ["update-ref", "--stdin"], GitAuth.None) };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Append(e.Data).Append('\n');
                }
            }
        };
        if (!process.Start())
        {
            process.Dispose();
            throw new GitCommandException("update-ref", -1, "could not start " + runner.GitExecutable);
        }

        process.BeginErrorReadLine();
        _process = process;
        _stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)) { NewLine = "\n" };
        _stdout = process.StandardOutput;
    }

    private void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _stdin?.Dispose();
        }
        catch (IOException)
        {
            // The pipe is already broken.
        }

        GitProcessRunner.Kill(_process);
        _process.Dispose();
        _process = null;
        _stdin = null;
        _stdout = null;
    }
}
