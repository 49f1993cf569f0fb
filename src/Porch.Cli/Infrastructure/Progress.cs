namespace Porch.Cli.Infrastructure;

/// <summary>
/// Progress of long work (a clone, a fetch, a wait for the server): a spinner redrawn on one line when stderr is a
/// terminal; when it is redirected, one plain line for the local verbs, and nothing for the server verbs, whose
/// redirected output is porchctl's exact transcript.
/// </summary>
internal sealed class Progress : IAsyncDisposable
{
    private static readonly string[] Frames = ["|", "/", "-", "\\"];
    private readonly CliConsole _console;
    private readonly string _message;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _spinner;

    private Progress(CliConsole console, string message, bool plainWhenRedirected)
    {
        _console = console;
        _message = message;
        if (console.ErrorIsTerminal)
        {
            _spinner = SpinAsync(_stop.Token);
        }
        else
        {
            if (plainWhenRedirected)
            {
                console.Error.WriteLine(message + "...");
            }

            _spinner = Task.CompletedTask;
        }
    }

    /// <summary>Starts reporting <paramref name="message"/> until the returned object is disposed.</summary>
    public static Progress Start(CliConsole console, string message, bool plainWhenRedirected = false) => new(console, message, plainWhenRedirected);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _spinner.ConfigureAwait(false);
        if (_console.ErrorIsTerminal)
        {
            // Clear the spinner line so the command's own output starts on a clean line.
            await _console.Error.WriteAsync("\r" + new string(' ', _message.Length + 2) + "\r").ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task SpinAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(120));
        var frame = 0;
        do
        {
            await _console.Error.WriteAsync($"\r{Frames[frame++ % Frames.Length]} {_message}").ConfigureAwait(false);
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
