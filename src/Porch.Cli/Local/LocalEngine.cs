using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Porch.Cli.Local;

/// <summary>The libraries composed for the local verbs: the engine's renderer with the builtin KRM functions, and the Git adapter.</summary>
internal static class LocalEngine
{
    /// <summary>A provider with the renderer and builtin runtime; render events go to <paramref name="recorder"/>.</summary>
    public static ServiceProvider ForFunctions(FunctionCallRecorder recorder)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(recorder));
        services.AddPorchEngine().WithBuiltinFunctionRuntime();
        return services.BuildServiceProvider();
    }

    /// <summary>A provider with the Git adapter, its mirrors under <paramref name="cacheDirectory"/>.</summary>
    public static ServiceProvider ForGit(string cacheDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPorchEngine().WithGitRepositories(o => o.CacheDirectory = cacheDirectory);
        return services.BuildServiceProvider();
    }
}
