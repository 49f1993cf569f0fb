using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Porch.Functions.Grpc.Tests.Infrastructure;

namespace Porch.Functions.Grpc.Hosting.Tests.Interop;

/// <summary>One call made by evaluator_client.py.</summary>
internal sealed record PythonCall(
    [property: JsonPropertyName("image")] string? Image = null,
    [property: JsonPropertyName("resource_list")] string? ResourceList = null,
    [property: JsonPropertyName("timeout")] double? Timeout = null,
    [property: JsonPropertyName("method")] string? Method = null,
    [property: JsonPropertyName("raw_hex")] string? RawHex = null);

/// <summary>What evaluator_client.py saw for one call.</summary>
internal sealed record PythonResult(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("details")] string Details,
    [property: JsonPropertyName("resource_list")] string ResourceList,
    [property: JsonPropertyName("log")] string Log,
    [property: JsonPropertyName("raw_hex")] string RawHex,
    [property: JsonPropertyName("metadata")] string[] Metadata);

/// <summary>Runs evaluator_client.py (Debian's python3-grpcio) against a port and returns its results.</summary>
internal static class PythonClient
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static async Task<PythonResult[]> CallAsync(Uri address, params PythonCall[] calls)
    {
        using var process = Process.Start(PythonProcess.StartInfo("evaluator_client.py", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            ?? throw new InvalidOperationException("python3 did not start");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(calls, Json));
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"evaluator_client.py exited with {process.ExitCode}: {await stderr}");
            }

            return JsonSerializer.Deserialize<PythonResult[]>(output) ?? throw new InvalidOperationException("no output from evaluator_client.py");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
