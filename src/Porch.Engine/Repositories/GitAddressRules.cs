using Porch.Engine.Api;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.Engine.Repositories;

/// <summary>
/// The one place that decides whether a user-given Git address, branch, reference or directory may reach a Git
/// process or a path: option-like values (<c>-...</c>), remote-helper transports (<c>ext::</c>, <c>fd::</c>, any
/// <c>name::address</c>), protocols outside the allow-list (<c>file</c>, <c>http</c>, <c>https</c>, <c>ssh</c>,
/// <c>git</c>), relative local paths, control characters and credentials embedded in an address are refused. Registration
/// (the REST surface), the engine's clone task and the Git adapter all ask here, so a value refused at one door is
/// refused at every door.
/// </summary>
public static class GitAddressRules
{
    /// <summary>The protocols git may use for a user-given address (git's <c>protocol.&lt;name&gt;.allow</c> names).</summary>
    public static IReadOnlyList<string> AllowedProtocols { get; } = ["file", "git", "http", "https", "ssh"];

    /// <summary>Returns why <paramref name="address"/> may not be used as a Git remote, or null when it may.</summary>
    /// <param name="address">A Git address: an <c>http(s)://</c>, <c>ssh://</c>, <c>git://</c> or <c>file://</c> URL, <c>user@host:path</c>, or an absolute local path.</param>
    /// <returns>The reason (without the value), or null.</returns>
    public static string? CheckAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "must not be empty";
        }

        if (HasControlOrSpace(address))
        {
            return "must not contain whitespace or control characters";
        }

        if (address[0] == '-')
        {
            return "must not start with '-'";
        }

        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        var helper = address.IndexOf("::", StringComparison.Ordinal);
        if (helper >= 0 && (scheme < 0 || helper < scheme))
        {
            return $"transport {GoString.Quote(address[..helper])} is not allowed (allowed: {string.Join(", ", AllowedProtocols)})";
        }

        if (scheme >= 0)
        {
            return CheckUrl(address, address[..scheme], address[(scheme + 3)..]);
        }

        if (address[0] == '/')
        {
            return null;
        }

        // git's scp-like syntax [user@]host:path (ssh), recognised as git does: a colon before the first slash.
        var colon = address.IndexOf(':', StringComparison.Ordinal);
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        if (colon > 0 && (slash < 0 || colon < slash))
        {
            var authority = address[..colon];
            var at = authority.LastIndexOf('@');
            var user = at < 0 ? "" : authority[..at];
            var host = authority[(at + 1)..];
            if (user.Contains(':', StringComparison.Ordinal))
            {
                return CredentialsReason;
            }

            return host.Length == 0 || host[0] == '-' || user.StartsWith('-') ? "host must not be empty or start with '-'" : null;
        }

        return "a local path must be absolute";
    }

    /// <summary>Returns why <paramref name="branch"/> may not be used as a branch name, or null when it may.</summary>
    /// <param name="branch">A branch name as in <c>spec.git.branch</c> (without <c>refs/heads/</c>).</param>
    /// <returns>The reason, or null.</returns>
    public static string? CheckBranch(string? branch) => CheckRefName(branch);

    /// <summary>
    /// Returns why <paramref name="reference"/> may not be used as a Git reference (a branch, a tag, a full
    /// <c>refs/...</c> name or a commit id), or null when it may. The rules are git's <c>check-ref-format</c> rules plus a
    /// refusal of a leading <c>-</c>.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The reason, or null.</returns>
    public static string? CheckReference(string? reference) => CheckRefName(reference);

    /// <summary>
    /// Returns why <paramref name="directory"/> may not be used as the directory of packages inside a repository, or
    /// null when it may: relative, <c>/</c>-separated, no <c>.</c>, <c>..</c>, <c>.git</c>, empty or <c>-</c>-led segment, no
    /// backslash or control character. A leading or trailing <c>/</c> is allowed (Porch trims them); empty means the root.
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The reason, or null.</returns>
    public static string? CheckDirectory(string? directory)
    {
        var trimmed = (directory ?? "").Trim('/');
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (HasControl(trimmed) || trimmed.Contains('\\', StringComparison.Ordinal))
        {
            return "must not contain backslashes or control characters";
        }

        foreach (var segment in trimmed.Split('/'))
        {
            switch (segment)
            {
                case "":
                    return "must not contain empty path segments";
                case "." or "..":
                    return $"must not contain {GoString.Quote(segment)} path segments";
                case var s when s.Equals(".git", StringComparison.OrdinalIgnoreCase):
                    return "must not contain \".git\" path segments";
                case var s when s[0] == '-':
                    return "path segments must not start with '-'";
            }
        }

        return null;
    }

    /// <summary>
    /// Checks the Git part of a Repository's spec (address, branch, directory) and returns each problem as
    /// Kubernetes prints a field error: <c>spec.git.repo: Invalid value: "...": reason</c>. Addresses are shown without
    /// credentials.
    /// </summary>
    /// <param name="git">The Git spec, or null (nothing to check).</param>
    /// <returns>The problems (each prints as Kubernetes prints it); empty when there are none.</returns>
    public static IReadOnlyList<FieldError> Validate(GitRepository? git)
    {
        if (git is null)
        {
            return [];
        }

        var errors = new List<FieldError>();
        Add(errors, "spec.git.repo", Redact(git.Repo), CheckAddress(git.Repo));
        if (!string.IsNullOrEmpty(git.Branch))
        {
            Add(errors, "spec.git.branch", git.Branch, CheckBranch(git.Branch));
        }

        Add(errors, "spec.git.directory", git.Directory ?? "", CheckDirectory(git.Directory));
        return errors;
    }

    /// <summary>
    /// Checks the Git part of a clone task's upstream (address, reference, directory) and returns each problem as
    /// Kubernetes prints a field error under <paramref name="field"/> (<c>upstreamRef.git.repo: Invalid value: ...</c>).
    /// An empty reference is not checked here (the fetch reports it as a package that cannot be found).
    /// </summary>
    /// <param name="git">The upstream's Git part, or null (nothing to check).</param>
    /// <param name="field">The field path of <paramref name="git"/>.</param>
    /// <returns>The problems (each prints as Kubernetes prints it); empty when there are none.</returns>
    public static IReadOnlyList<FieldError> Validate(GitPackage? git, string field = "upstreamRef.git")
    {
        if (git is null)
        {
            return [];
        }

        var errors = new List<FieldError>();
        Add(errors, field + ".repo", Redact(git.Repo), CheckAddress(git.Repo));
        if (!string.IsNullOrEmpty(git.Ref))
        {
            Add(errors, field + ".ref", git.Ref, CheckReference(git.Ref));
        }

        Add(errors, field + ".directory", git.Directory ?? "", CheckDirectory(git.Directory));
        return errors;
    }

    /// <summary>Removes any user name or password embedded in a URL (<c>https://user:password@host/x</c> becomes <c>https://host/x</c>).</summary>
    /// <param name="address">The address.</param>
    /// <returns>The address without user information; other forms unchanged.</returns>
    public static string Redact(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "";
        }

        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return address;
        }

        var hostStart = scheme + 3;
        var pathStart = address.IndexOfAny(['/', '?', '#'], hostStart);
        var authority = pathStart < 0 ? address[hostStart..] : address[hostStart..pathStart];
        var at = authority.LastIndexOf('@');
        return at < 0 ? address : address[..hostStart] + authority[(at + 1)..] + (pathStart < 0 ? "" : address[pathStart..]);
    }

    private const string CredentialsReason = "credentials must not be embedded in the address; name a secret in spec.git.secretRef instead";

    private static string? CheckUrl(string address, string scheme, string rest)
    {
        if (!AllowedProtocols.Contains(scheme, StringComparer.Ordinal))
        {
            return $"protocol {GoString.Quote(scheme)} is not allowed (allowed: {string.Join(", ", AllowedProtocols)})";
        }

        var pathStart = rest.IndexOfAny(['/', '?', '#']);
        var authority = pathStart < 0 ? rest : rest[..pathStart];
        var at = authority.LastIndexOf('@');
        var user = at < 0 ? null : authority[..at];
        var host = authority[(at + 1)..];
        if (user is not null && (scheme is "http" or "https" || user.Contains(':', StringComparison.Ordinal)))
        {
            return CredentialsReason;
        }

        if (scheme == "file")
        {
            return host.Length == 0 || host == "localhost" ? null : "a file:// address must not name a host";
        }

        if (host.Length == 0 || host[0] == '-' || (user?.StartsWith('-') ?? false))
        {
            return "host must not be empty or start with '-'";
        }

        return address.Contains('\\', StringComparison.Ordinal) ? "must not contain backslashes" : null;
    }

    private static string? CheckRefName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "must not be empty";
        }

        if (name[0] == '-')
        {
            return "must not start with '-'";
        }

        if (HasControlOrSpace(name) || name.AsSpan().IndexOfAny("~^:?*[\\") >= 0)
        {
            return "must not contain whitespace, control characters or any of ~ ^ : ? * [ \\";
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal) || name == "@")
        {
            return "must not contain \"..\" or \"@{\" and must not be \"@\"";
        }

        if (name[0] == '/' || name[^1] == '/' || name[^1] == '.' || name.Contains("//", StringComparison.Ordinal))
        {
            return "must not start or end with '/', end with '.', or contain \"//\"";
        }

        foreach (var component in name.Split('/'))
        {
            if (component[0] == '.' || component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return "no component may start with '.' or end with \".lock\"";
            }
        }

        return null;
    }

    private static void Add(List<FieldError> errors, string field, string value, string? reason)
    {
        if (reason is not null)
        {
            errors.Add(FieldError.Invalid(field, value, reason));
        }
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasControlOrSpace(string value)
    {
        foreach (var c in value)
        {
            if (c <= 0x20 || c == 0x7f || char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
