using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Porch.Samples.Server;

// A Porch server on embedded defaults (HTTPS on 127.0.0.1:7007, a SQLite cache): Git repositories (any absolute local
// path, file://, git://, ssh:// or http(s) URL in a Repository object; credentials only through spec.git.secretRef,
// from Secrets applied through the API (kept in the cache database) or Porch:Secrets), a mirror cache under --cache-dir, the builtin KRM functions, watches, and static bearer tokens that
// must be configured (Porch:Tokens:<token>=<user>:<role>). Repository objects applied through the API are kept in
// <cache-dir>/repositories.json and come back after a restart. kubectl and porchctl talk to it as they talk to Porch.
var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["secrets-dir"] is { Length: > 0 } secretsDirectory)
{
    // A key-per-file folder (as a mounted Kubernetes Secret): a file named Porch__Secrets__default__git__password
    // holds that setting's value.
    builder.Configuration.AddKeyPerFile(secretsDirectory, optional: false);
}

var tokens = builder.Configuration.GetSection("Porch:Tokens").GetChildren().ToList();
if (tokens.Count == 0 || tokens.Any(t => string.IsNullOrWhiteSpace(t.Key) || string.IsNullOrWhiteSpace(t.Value)))
{
    Console.Error.WriteLine(
        "samples/Server needs at least one bearer token, and none is built in: configure Porch:Tokens:<token>=<user>:<role> " +
        "(role editor or viewer), for example --Porch:Tokens:<token>=alice:editor on the command line or the environment " +
        "variable Porch__Tokens__<token>=alice:editor.");
    return 2;
}

var cacheDirectory = builder.Configuration["cache-dir"] ?? Path.Combine(Path.GetTempPath(), "porch-server-cache");
Directory.CreateDirectory(cacheDirectory);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("https://127.0.0.1:7007");
}

// kubectl sends bearer tokens only over TLS: serve HTTPS with a certificate made at start (use
// --insecure-skip-tls-verify, or pass a real one through Kestrel's configuration).
// Porch:TlsCertificate and Porch:TlsKey (PEM files) replace it; Porch:ClientCa (a PEM CA bundle) also accepts client
// certificates signed by that CA as an authentication (common name = user, organization "editor" = editor role).
var certificate = builder.Configuration["Porch:TlsCertificate"] is { Length: > 0 } certificateFile
    ? X509CertificateLoader.LoadPkcs12(X509Certificate2.CreateFromPemFile(certificateFile, builder.Configuration["Porch:TlsKey"]).Export(X509ContentType.Pkcs12), password: null)
    : SelfSignedCertificate.Create();
var clientCa = builder.Configuration["Porch:ClientCa"] is { Length: > 0 } clientCaFile ? LoadBundle(clientCaFile) : null;
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
{
    https.ServerCertificate ??= certificate;
    if (clientCa is not null)
    {
        https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (presented, _, _) => ClientCertificateAuthenticationHandler.Validate(clientCa, presented);
    }
}));

builder.Logging.SetMinimumLevel(LogLevel.Warning);
// The cache, and the Secrets applied through the API, live in a SQLite file under the cache dir, or with
// --postgres <connection string> (or Porch:Postgres in the environment) in a PostgreSQL database shared by servers.
var cache = builder.Services.AddPorchEngine()
    .WithGitRepositories(o => o.CacheDirectory = cacheDirectory)
    .WithBuiltinFunctionRuntime()
    // Porch:Watch:EventLogCapacity etc. bound from configuration (how much history a watch can resume from).
    .WithWatch(o => builder.Configuration.GetSection("Porch:Watch").Bind(o))
    .WithPackageVariants()
    .WithCache();
var postgres = builder.Configuration["postgres"] ?? builder.Configuration["Porch:Postgres"];
(string.IsNullOrEmpty(postgres) ? cache.UseSqlite(Path.Combine(cacheDirectory, "porch-cache.db")) : cache.UsePostgreSql(postgres))
    .WithHttpUserInfo()
    .WithCredentialResolver<ConfigurationCredentialResolver>();
builder.Services.AddSingleton(sp => new RepositoryStore(
    cacheDirectory,
    sp.GetRequiredService<Porch.Engine.Repositories.RepositoryRegistry>(),
    sp.GetRequiredService<Porch.Cache.Sources.InMemoryRepositorySource>(),
    sp.GetRequiredService<Porch.PackageVariants.PackageVariantStore>()));
builder.Services.AddHostedService<VariantFlushService>();
builder.Services.AddHealthChecks()
    .AddPorchRepositories(tags: ["ready"])
    .AddCheck<Porch.Cache.PorchCacheHealthCheck>("porch-cache", tags: ["ready"]);
builder.Services.AddAuthentication(ClientCertificateAuthenticationHandler.SelectorScheme)
    .AddPolicyScheme(ClientCertificateAuthenticationHandler.SelectorScheme, null, o => o.ForwardDefaultSelector = http =>
        http.Connection.ClientCertificate is not null ? ClientCertificateAuthenticationHandler.SchemeName : StaticTokenAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ClientCertificateAuthenticationHandler>(ClientCertificateAuthenticationHandler.SchemeName, null)
    .AddScheme<AuthenticationSchemeOptions, StaticTokenAuthenticationHandler>(StaticTokenAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy("porch", policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
        context.Resource is not HttpContext http || (HttpMethods.IsGet(http.Request.Method) && !IsSecrets(http.Request.Path)) || context.User.IsInRole("editor")));

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
var store = app.Services.GetRequiredService<RepositoryStore>();
foreach (var skipped in store.Load())
{
    Console.Error.WriteLine($"warning: stored repository not loaded: {skipped}");
}

store.LoadVariants();

app.UseAuthentication();
app.UseAuthorization();

// Every successful write of a Repository, PackageVariant or PackageVariantSet is stored before its response is sent.
app.Use((context, next) =>
{
    if (!HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/apis/" + Porch.Engine.Api.PorchApi.ConfigGroup, StringComparison.Ordinal))
    {
        context.Response.OnStarting(async () =>
        {
            if (context.Response.StatusCode is >= 200 and < 300)
            {
                await store.SaveAsync(CancellationToken.None);

                // A PackageVariant write raised its store change before the response: it is on disk when the client hears back.
                await store.FlushVariantsAsync();
            }
        });
    }

    return next(context);
});
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
return 0;

// Secret values are readable by editors only (viewers read every other resource).
static bool IsSecrets(PathString path) =>
    path.StartsWithSegments("/api/v1", StringComparison.Ordinal) && (path.Value ?? "").Split('/').Contains("secrets", StringComparer.Ordinal);

static X509Certificate2Collection LoadBundle(string path)
{
    var bundle = new X509Certificate2Collection();
    bundle.ImportFromPemFile(path);
    return bundle;
}
