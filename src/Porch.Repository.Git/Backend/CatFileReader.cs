using System.Diagnostics;
using System.Globalization;
using System.Text;
using Porch.Repository.Git.Objects;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// One long-lived <c>git cat-file --batch</c> process per mirror: requests are object ids on stdin, answers are
/// <c>&lt;id&gt; &lt;type&gt; &lt;size&gt;\n&lt;content&gt;\n</c> on stdout. Requests are serialised; a cancelled or broken
/// exchange kills the process and the next request starts a new one.
/// </summary>
internal sealed class CatFileReader(GitProcessRunner runner, string gitDirectory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Process? _process;
    private Stream? _stdin;
    private Stream? _stdout;
    private int _pos;
    private int _len;
    private bool _disposed;

    public async ValueTask<GitObject?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var results = await ReadManyAsync([id], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>Reads several objects (ids or <c>&lt;commit&gt;:&lt;path&gt;</c> names) in one pipelined exchange; missing objects come back as null.</summary>
    public async ValueTask<GitObject?[]> ReadManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureStarted();
            var request = new StringBuilder(ids.Count * 41);
            foreach (var id in ids)
            {
                request.Append(id).Append('\n');
            }

            try
            {
                // Write concurrently with reading: a large request must not fill the pipes in both directions.
                var write = WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
                var results = new GitObject?[ids.Count];
                for (var i = 0; i < ids.Count; i++)
                {
                    results[i] = await ReadOneAsync(cancellationToken).ConfigureAwait(false);
                }

                await write.ConfigureAwait(false);
                return results;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidDataException)
            {
                Stop();
                if (ex is InvalidDataException or IOException)
                {
                    throw new GitCommandException("cat-file", -1, ex.Message);
                }

                throw;
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
            _disposed = true;
            Stop();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteAsync(byte[] request, CancellationToken cancellationToken)
    {
        await _stdin!.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await _stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void EnsureStarted()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        Stop();
        var psi = runner.CreateStartInfo(gitDirectory, ["cat-file", "--batch"], GitAuth.None);
        var process = new Process { StartInfo = psi };
        process.ErrorDataReceived += static (_, _) => { };
        if (!process.Start())
        {
            process.Dispose();
            throw new GitCommandException("cat-file", -1, "could not start " + runner.GitExecutable);
        }

        process.BeginErrorReadLine();
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        _pos = 0;
        _len = 0;
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

    private async ValueTask<GitObject?> ReadOneAsync(CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (header.EndsWith(" missing", StringComparison.Ordinal) || header.EndsWith(" ambiguous", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header.Split(' ');
        if (parts.Length != 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new InvalidDataException("unexpected cat-file header: " + header);
        }

        var data = new byte[size];
        var filled = 0;
        while (filled < size)
        {
            if (_pos == _len)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var n = Math.Min(size - filled, _len - _pos);
            Buffer.BlockCopy(_buffer, _pos, data, filled, n);
            _pos += n;
            filled += n;
        }

        if (_pos == _len)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        _pos++; // the newline after the content
        return new GitObject(parts[0], parts[1], data);
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder(64);
        while (true)
        {
            if (_pos == _len)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _pos, _len - _pos);
            if (newline >= 0)
            {
                line.Append(Encoding.ASCII.GetString(_buffer, _pos, newline - _pos));
                _pos = newline + 1;
                return line.ToString();
            }

            line.Append(Encoding.ASCII.GetString(_buffer, _pos, _len - _pos));
            _pos = _len;
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        _pos = 0;
        _len = await _stdout!.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        if (_len == 0)
        {
            throw new IOException("git cat-file --batch ended unexpectedly");
        }
    }
}
