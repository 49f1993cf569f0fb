using System.Text.Encodings.Web;
using System.Text.Json;
using Porch.Engine.Errors;
using Porch.Engine.Repositories;

namespace Porch.Repository.Git.Backend;

/// <summary>
/// The one place a git command line is put together. Options are spelled by this adapter (never taken from a user);
/// every user-given value that reaches git (address, reference, refspec, object id, package directory) is checked by
/// <see cref="GitAddressRules"/> and placed after <c>--end-of-options</c> (paths after <c>--</c>), so no user value can
/// be read as an option.
/// </summary>
internal sealed class GitCommandLine
{
    private readonly List<string> _options = [];
    private readonly List<string> _operands = [];
    private readonly List<string> _paths = [];

    private GitCommandLine(string command, string[] config)
    {
        Command = command;
        foreach (var setting in config)
        {
            _options.Add("-c");
            _options.Add(setting);
        }

        _options.Add(command);
    }

    /// <summary>Gets the git subcommand (for error messages).</summary>
    public string Command { get; }

    /// <summary>Starts a command line: <c>git [-c key=value]... &lt;command&gt;</c>. Settings are constants of this adapter.</summary>
    public static GitCommandLine Create(string command, params string[] config) => new(command, config);

    /// <summary>Adds an option spelled by this adapter (a constant starting with <c>-</c>).</summary>
    public GitCommandLine Option(string option)
    {
        if (!option.StartsWith('-'))
        {
            throw new ArgumentException("an option starts with '-'", nameof(option));
        }

        _options.Add(option);
        return this;
    }

    /// <summary>Adds <c>--force-with-lease=&lt;ref&gt;:&lt;expected id&gt;</c> (empty id: the ref must not exist).</summary>
    public GitCommandLine Lease(string refName, string? expectedId) =>
        Option("--force-with-lease=" + Reference(refName) + ":" + (expectedId is null ? "" : ObjectId(expectedId)));

    /// <summary>Adds a user-given remote address as an operand, after checking it.</summary>
    public GitCommandLine Address(string address)
    {
        if (GitAddressRules.CheckAddress(address) is { } reason)
        {
            throw Refused("address", GitAddressRules.Redact(address), reason);
        }

        _operands.Add(address);
        return this;
    }

    /// <summary>Adds an operand spelled by this adapter (a remote name, a constant refspec, a config key).</summary>
    public GitCommandLine Constant(string operand)
    {
        if (operand.Length == 0 || operand[0] == '-')
        {
            throw new ArgumentException("a constant operand must not be empty or start with '-'", nameof(operand));
        }

        _operands.Add(operand);
        return this;
    }

    /// <summary>Adds an absolute local directory chosen by this adapter (a mirror or temporary folder).</summary>
    public GitCommandLine LocalDirectory(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException("a local directory must be absolute", nameof(path));
        }

        _operands.Add(path);
        return this;
    }

    /// <summary>Adds <c>&lt;id&gt;:&lt;ref&gt;</c> (null id: delete the ref).</summary>
    public GitCommandLine RefSpec(string? sourceId, string destinationRef)
    {
        _operands.Add((sourceId is null ? "" : ObjectId(sourceId)) + ":" + Reference(destinationRef));
        return this;
    }

    /// <summary>Adds a reference (a ref name or an object id) with an optional peel suffix such as <c>^{commit}</c>.</summary>
    public GitCommandLine Revision(string reference, string suffix = "")
    {
        _operands.Add(Reference(reference) + suffix);
        return this;
    }

    /// <summary>Adds a package directory as a pathspec after <c>--</c> (with a trailing <c>/</c>).</summary>
    public GitCommandLine PathSpec(string directory)
    {
        if (GitAddressRules.CheckDirectory(directory) is { } reason)
        {
            throw Refused("directory", directory, reason);
        }

        _paths.Add(directory.Trim('/') + "/");
        return this;
    }

    /// <summary>The arguments: options, <c>--end-of-options</c>, operands, and <c>--</c> with paths when there are any.</summary>
    public IReadOnlyList<string> Build()
    {
        var args = new List<string>(_options.Count + _operands.Count + _paths.Count + 2);
        args.AddRange(_options);
        args.Add("--end-of-options");
        args.AddRange(_operands);
        if (_paths.Count > 0)
        {
            args.Add("--");
            args.AddRange(_paths);
        }

        return args;
    }

    /// <summary>Returns <paramref name="name"/> when git may take it as a reference (git's ref-format rules, no leading <c>-</c>), else throws.</summary>
    public static string Reference(string name) =>
        GitAddressRules.CheckReference(name) is { } reason ? throw Refused("reference", name, reason) : name;

    /// <summary>Returns <paramref name="id"/> when it is a full lowercase hex object id (SHA-1 or SHA-256), else throws.</summary>
    public static string ObjectId(string id)
    {
        if (id.Length is not (40 or 64) || !id.All(static c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            throw Refused("object id", id, "must be 40 or 64 lowercase hex digits");
        }

        return id;
    }

    /// <summary>Quotes a value for a message (JSON string escapes, so control characters are visible).</summary>
    public static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    private static PackageValidationException Refused(string what, string value, string reason) =>
        new($"refusing to pass git {what} {Quote(value)}: {reason}");
}
