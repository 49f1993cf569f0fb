using Microsoft.AspNetCore.Server.Kestrel.Core;
using Porch.Functions.Grpc.Hosting;

// A function runner Porch (Go) or Porch for .NET can call: point porch-server's --function-runner (or
// WithGrpcFunctionRuntime's FunctionRunnerAddress) at http://<host>:9445.
//
//   dotnet run --project samples/FunctionRunner -- --port 9445
//   dotnet run --project samples/FunctionRunner -- --port 9445 --exec example.com/fns/my-fn:v1=/usr/local/bin/my-fn
//
// Functions: the builtin kpt functions (set-namespace, apply-replacements, ...) under the catalog prefixes, and each
// --exec image=path as a kpt exec function (ResourceList on stdin, ResourceList on stdout).
var builder = WebApplication.CreateSlimBuilder(args);
var port = builder.Configuration.GetValue("port", 9445);
var execFunctions = (builder.Configuration.GetValue<string>("exec") ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(pair => pair.Split('=', 2))
    .Select(parts => new ExecFunctionOptions { Image = parts[0], Path = parts.Length > 1 ? parts[1] : "" })
    .ToList();

// Porch's runner speaks h2c (HTTP/2 without TLS) on its port.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http2));

builder.Services.AddPorchEngine()
    .WithBuiltinFunctionRuntime()
    .WithFunctionEvaluator(options =>
    {
        options.ExecFunctions = execFunctions;
        options.ExecTimeout = TimeSpan.FromMinutes(1);
    });

var app = builder.Build();
app.MapFunctionEvaluator();
app.Logger.LogInformation("Function runner listening on port {Port} (h2c) with {ExecCount} executable function(s)", port, execFunctions.Count);
await app.RunAsync();
