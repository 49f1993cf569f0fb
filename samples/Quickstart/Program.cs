using System.Diagnostics;
using Porch.Engine.Api;
using Porch.Engine.Krm;

// Quickstart on embedded defaults: a kpt package is made in a temporary local Git repository, read the way kpt
// reads it, edited (namespace and a label set on every resource), written back with kpt's formatting, committed,
// and the diff printed. Later releases run the same flow through IPorchEngine (issue 3 of the roadmap).
var workDir = Directory.CreateTempSubdirectory("porch-quickstart-").FullName;
var total = Stopwatch.StartNew();
try
{
    Step("create a local Git repository with package 'hello'", () =>
    {
        Git("init", "-q", "-b", "main");
        WriteFile("hello/Kptfile", """
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: hello
              annotations:
                config.kubernetes.io/local-config: "true"
            info:
              description: hello package
            """);
        WriteFile("hello/deployment.yaml", """
            # The web tier.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web # keep this name
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                    - name: nginx
                      image: 'nginx:1.14.2'
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
                - port: 80
            """);
        WriteFile("hello/README.md", "# hello\n");
        Git("add", "-A");
        Git("-c", "user.name=quickstart", "-c", "user.email=quickstart@example.com", "commit", "-q", "-m", "hello v1");
        return "committed " + Git("rev-parse", "--short", "HEAD").Trim();
    });

    var name = PackageRevisionName.Compose("blueprints", "hello", "v1");
    Step("package revision name", () => name);

    var files = new Dictionary<string, string>(StringComparer.Ordinal);
    Step("read the package files", () =>
    {
        foreach (var path in Directory.GetFiles(Path.Combine(workDir, "hello"), "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(Path.Combine(workDir, "hello"), path).Replace('\\', '/')] = File.ReadAllText(path);
        }

        return $"{files.Count} files";
    });

    PackageResources? package = null;
    Step("parse resources as kpt does", () =>
    {
        package = PackageResources.Read(files);
        return string.Join(", ", package.Resources.Select(r => $"{r.Kind}/{r.Name}"));
    });

    Step("validate the Kptfile", () =>
    {
        var kptfile = Kptfile.FromObject(package!.Resources.Single(r => r.Kind == Kptfile.KptKind));
        return kptfile.Validate() ?? "valid (" + kptfile.Info?.Description + ")";
    });

    Step("edit: namespace 'prod' and label env=prod on every non-local resource", () =>
    {
        var edited = 0;
        foreach (var resource in package!.Resources.Where(r => !r.IsLocalConfig))
        {
            resource.Namespace = "prod";
            resource.SetLabel("env", "prod");
            edited++;
        }

        return $"{edited} resources";
    });

    Step("write back with kpt's formatting and commit", () =>
    {
        foreach (var (path, text) in package!.Write(files))
        {
            File.WriteAllText(Path.Combine(workDir, "hello", path), text);
        }

        Git("add", "-A");
        Git("-c", "user.name=quickstart", "-c", "user.email=quickstart@example.com", "commit", "-q", "-m", "hello: prod");
        return "committed " + Git("rev-parse", "--short", "HEAD").Trim();
    });

    Console.WriteLine();
    Console.WriteLine(Git("diff", "HEAD~1", "HEAD", "--", "hello/deployment.yaml"));
    Console.WriteLine($"done in {total.Elapsed.TotalMilliseconds:F1} ms");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine("quickstart failed: " + ex.Message);
    return 1;
}
finally
{
    Directory.Delete(workDir, recursive: true);
}

void Step(string title, Func<string> action)
{
    var watch = Stopwatch.StartNew();
    var outcome = action();
    Console.WriteLine($"[{watch.Elapsed.TotalMilliseconds,8:F2} ms] {title}: {outcome}");
}

void WriteFile(string relative, string text)
{
    var path = Path.Combine(workDir, relative);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, text + "\n");
}

string Git(params string[] args)
{
    var psi = new ProcessStartInfo("git") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in args)
    {
        psi.ArgumentList.Add(arg);
    }

    using var process = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started");
    var output = process.StandardOutput.ReadToEnd();
    var error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
}
