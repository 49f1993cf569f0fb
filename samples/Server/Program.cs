using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Porch.Samples.Server;

// A Porch server on embedded defaults (HTTPS on 127.0.0.1:7007, token porch-dev-token, a SQLite cache): Git repositories (any local path, file://, git:// or http(s) URL in a
// Repository object), a mirror cache under --cache-dir, the builtin KRM functions, watches, and a static bearer
// token. kubectl and porchctl talk to it as they talk to Porch.
var builder = WebApplication.CreateBuilder(args);
var cacheDirectory = builder.Configuration["cache-dir"] ?? Path.Combine(Path.GetTempPath(), "porch-server-cache");
Directory.CreateDirectory(cacheDirectory);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("https://127.0.0.1:7007");
}

// kubectl sends bearer tokens only over TLS: serve HTTPS with a certificate made at start (use
// --insecure-skip-tls-verify, or pass a real one through Kestrel's configuration).
var certificate = SelfSignedCertificate.Create();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate ??= certificate));

if (!builder.Configuration.GetSection("Porch:Tokens").GetChildren().Any())
{
    builder.Configuration["Porch:Tokens:porch-dev-token"] = "porch-admin:editor";
}

builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddPorchEngine()
    .WithGitRepositories(o => o.CacheDirectory = cacheDirectory)
    .WithBuiltinFunctionRuntime()
    .WithWatch()
    .WithCache(o => o.UseSqlite(Path.Combine(cacheDirectory, "porch-cache.db")))
    .WithHttpUserInfo();
builder.Services.AddHealthChecks()
    .AddPorchRepositories(tags: ["ready"])
    .AddCheck<Porch.Cache.PorchCacheHealthCheck>("porch-cache", tags: ["ready"]);
builder.Services.AddAuthentication(StaticTokenAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, StaticTokenAuthenticationHandler>(StaticTokenAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy("porch", policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
        context.Resource is not HttpContext http || HttpMethods.IsGet(http.Request.Method) || context.User.IsInRole("editor")));

// --telemetry console|<file>: export Porch's traces and metrics through the OpenTelemetry SDK.
var telemetry = builder.Configuration["telemetry"];
TextWriter? telemetrySink = telemetry switch
{
    null or "" => null,
    "console" => Console.Out,
    _ => new StreamWriter(telemetry, append: true),
};
var exporters = telemetrySink is null ? [] : TelemetryExport.Start(telemetrySink, TimeSpan.FromSeconds(10));

var app = builder.Build();
app.Lifetime.ApplicationStopped.Register(() =>
{
    foreach (var exporter in exporters)
    {
        exporter.Dispose();
    }

    if (telemetrySink is not null && telemetrySink != Console.Out)
    {
        telemetrySink.Dispose();
    }
});
app.UseAuthentication();
app.UseAuthorization();
app.MapPorchApi().RequireAuthorization("porch");
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
    var address = addresses?.FirstOrDefault() ?? app.Urls.FirstOrDefault() ?? "https://127.0.0.1:7007";
    Console.WriteLine($"Porch for .NET listening on {address}");
    Console.WriteLine($"  kubectl --server={address} --token=<token> --insecure-skip-tls-verify api-resources");
    Console.Out.Flush();
});
app.Run();
