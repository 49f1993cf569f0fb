using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Porch.Engine.Errors;
using Porch.Krm;

namespace Porch.Engine.Api;

/// <summary>
/// Porch's naming rules: composing and parsing PackageRevision and PorchPackage names, validating their parts with
/// Porch's exact messages, the deterministic UID and revision-number parsing.
/// </summary>
/// <remarks>
/// A PackageRevision name is <c>&lt;repository&gt;.&lt;package path with "/" replaced by "."&gt;.&lt;workspace&gt;</c>,
/// for example <c>blueprints.network.vpc.ws1</c>; a PorchPackage name drops the workspace.
/// </remarks>
public static partial class PackageRevisionName
{
    /// <summary>The prefix of the UUIDv5 input of package revision UIDs: <c>packagerevision:</c>.</summary>
    public const string PackageRevisionUidPrefix = "packagerevision:";

    private const string Invalid = " invalid: ";

    private static readonly Guid UidNamespace = Guid.Parse(PorchApi.UidNamespace);

    /// <summary>
    /// Composes a PackageRevision name; returns an empty string when the repository, package or workspace is empty, as Porch does.
    /// </summary>
    /// <param name="repository">The repository name.</param>
    /// <param name="path">The folder of the package (before its last <c>/</c>); may be empty.</param>
    /// <param name="package">The last segment of the package name.</param>
    /// <param name="workspaceName">The workspace name.</param>
    /// <returns>The name, or an empty string.</returns>
    public static string Compose(string repository, string path, string package, string workspaceName)
    {
        if (string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(package) || string.IsNullOrEmpty(workspaceName))
        {
            return "";
        }

        return repository + "." + DottedPath(path, package) + "." + workspaceName;
    }

    /// <summary>Composes a PackageRevision name from a <c>/</c>-separated package name such as <c>network/vpc</c>.</summary>
    /// <param name="repository">The repository name.</param>
    /// <param name="packageName">The package name (<c>spec.packageName</c>).</param>
    /// <param name="workspaceName">The workspace name.</param>
    /// <returns>The name, or an empty string when a part is empty.</returns>
    public static string Compose(string repository, string packageName, string workspaceName)
    {
        var key = PackageKey.FromPackageName(default, packageName);
        return Compose(repository, key.Path, key.Package, workspaceName);
    }

    /// <summary>
    /// Composes a PorchPackage name; returns an empty string when the repository or package is empty, as Porch does.
    /// </summary>
    /// <param name="repository">The repository name.</param>
    /// <param name="path">The folder of the package; may be empty.</param>
    /// <param name="package">The last segment of the package name.</param>
    /// <returns>The name, or an empty string.</returns>
    public static string ComposePackageName(string repository, string path, string package)
    {
        if (string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(package))
        {
            return "";
        }

        return repository + "." + DottedPath(path, package);
    }

    /// <summary>
    /// Validates the parts of a PackageRevision name. Returns <see langword="null"/> when valid, otherwise Porch's message:
    /// <c>package revision kubernetes resource name invalid:</c> followed by lines naming each offending part.
    /// </summary>
    /// <param name="repository">The repository name (a DNS-1123 label).</param>
    /// <param name="path">The folder of the package (DNS-1123 label once <c>/</c> is removed, no <c>//</c>).</param>
    /// <param name="package">The last segment of the package name (a DNS-1123 label).</param>
    /// <param name="workspaceName">The workspace name (a DNS-1123 label).</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    public static string? Validate(string repository, string path, string package, string workspaceName)
    {
        var errors = ValidateNameParts(repository, path, package);
        if (ValidateK8sName(workspaceName) is { } workspaceError)
        {
            errors.Add($"workspace name part {GoString.Quote(workspaceName)} of package revision name invalid\n");
            errors.Add("workspace name " + workspaceName + Invalid + workspaceError + "\n");
        }

        if (errors.Count == 0)
        {
            var name = Compose(repository, path, package, workspaceName);
            var nameErrors = KubernetesNames.ValidateDns1123Subdomain(name);
            if (nameErrors.Count > 0)
            {
                errors.Add($"package revision kubernetes name {GoString.Quote(name)} invalid\n");
                errors.Add("package revision kubernetes name " + name + Invalid + string.Concat(nameErrors) + "\n");
            }
        }

        return errors.Count == 0 ? null : "package revision kubernetes resource name invalid:\n" + string.Concat(errors);
    }

    /// <summary>
    /// Validates the parts of a PorchPackage name. Returns <see langword="null"/> when valid, otherwise Porch's message
    /// starting <c>package kubernetes resource name invalid:</c>.
    /// </summary>
    /// <param name="repository">The repository name.</param>
    /// <param name="path">The folder of the package.</param>
    /// <param name="package">The last segment of the package name.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    public static string? ValidatePackageName(string repository, string path, string package)
    {
        var errors = ValidateNameParts(repository, path, package);
        if (errors.Count == 0)
        {
            var name = ComposePackageName(repository, path, package);
            var nameErrors = KubernetesNames.ValidateDns1123Subdomain(name);
            if (nameErrors.Count > 0)
            {
                errors.Add($"package kubernetes name {GoString.Quote(name)} invalid\n");
                errors.Add("package kubernetes name " + name + Invalid + string.Concat(nameErrors) + "\n");
            }
        }

        return errors.Count == 0 ? null : "package kubernetes resource name invalid:\n" + string.Concat(errors);
    }

    /// <summary>
    /// Validates a directory name: the rules of a DNS-1123 label except that <c>/</c> is allowed (but not <c>//</c>).
    /// Returns <see langword="null"/> when valid, otherwise the messages joined with <c>,</c>.
    /// </summary>
    /// <param name="directory">The directory, for example a package name <c>network/vpc</c>.</param>
    /// <param name="mandatory">Whether an empty directory (or <c>/</c>) is an error.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    public static string? ValidateDirectoryName(string directory, bool mandatory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var errors = new List<string>();
        if (directory.Contains("//", StringComparison.Ordinal))
        {
            errors.Add("consecutive '/' characters are not allowed");
        }

        var withoutSlashes = directory.Replace("/", "", StringComparison.Ordinal);
        if (mandatory || withoutSlashes.Length > 0)
        {
            errors.AddRange(KubernetesNames.ValidateDns1123Label(withoutSlashes));
        }
        else
        {
            errors.Clear();
        }

        return errors.Count == 0 ? null : string.Join(',', errors);
    }

    /// <summary>
    /// Validates a repository name and directory as Porch does. Returns <see langword="null"/> when valid, otherwise lines
    /// <c>repository name &lt;name&gt; invalid: ...</c> and <c>directory name &lt;dir&gt; invalid: ...</c>.
    /// </summary>
    /// <param name="repository">The repository name.</param>
    /// <param name="directory">The repository directory; may be empty.</param>
    /// <returns>The message, or <see langword="null"/>.</returns>
    public static string? ValidateRepository(string repository, string directory)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var nameErrors = KubernetesNames.ValidateDns1123Label(repository);
        var directoryError = ValidateDirectoryName(directory, mandatory: false);
        if (nameErrors.Count == 0 && directoryError is null)
        {
            return null;
        }

        var sb = new StringBuilder();
        if (nameErrors.Count > 0)
        {
            sb.Append("repository name ").Append(repository).Append(Invalid).AppendJoin(',', nameErrors).Append('\n');
        }

        if (directoryError is not null)
        {
            sb.Append("directory name ").Append(directory).Append(Invalid).Append(directoryError).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Returns the workspace part of a PackageRevision name: the text after the last <c>.</c>, or, when the name ends with
    /// <c>.v</c> followed by digits and dots (a legacy semver-like workspace such as <c>v1.2</c>), the text from that <c>v</c>.
    /// Returns an empty string when the name has no <c>.</c>.
    /// </summary>
    /// <param name="name">The PackageRevision name.</param>
    /// <returns>The workspace name.</returns>
    public static string GetWorkspaceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.Contains('.', StringComparison.Ordinal))
        {
            return "";
        }

        return LegacyWorkspaceRegex().IsMatch(name)
            ? name[(name.LastIndexOf(".v", StringComparison.Ordinal) + 1)..]
            : name[(name.LastIndexOf('.') + 1)..];
    }

    /// <summary>
    /// Parses a PackageRevision name into a key (repository name, path, package and workspace; revision 0).
    /// </summary>
    /// <param name="namespace">The namespace to put into the key.</param>
    /// <param name="name">The PackageRevision name.</param>
    /// <returns>The key.</returns>
    /// <exception cref="PackageValidationException">The name is invalid; the message is Porch's.</exception>
    public static PackageRevisionKey Parse(string @namespace, string name)
    {
        if (!TryParse(@namespace, name, out var key, out var error))
        {
            throw new PackageValidationException(error);
        }

        return key;
    }

    /// <summary>
    /// Parses a PackageRevision name into a key; on failure returns <see langword="false"/> and Porch's message.
    /// </summary>
    /// <param name="namespace">The namespace to put into the key.</param>
    /// <param name="name">The PackageRevision name.</param>
    /// <param name="key">The key when valid.</param>
    /// <param name="error">Porch's message when invalid.</param>
    /// <returns><see langword="true"/> when the name is valid.</returns>
    public static bool TryParse(string @namespace, string name, out PackageRevisionKey key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        var workspaceName = GetWorkspaceName(name);

        // A legacy workspace such as "v1.2" is validated as "v1-2", as Porch does.
        var conditioned = workspaceName.Contains('.', StringComparison.Ordinal)
            ? name[..(name.Length - workspaceName.Length)] + workspaceName.Replace('.', '-')
            : name;

        var revisionParts = SplitIn3(conditioned);
        var packageParts = SplitIn3(revisionParts[0] + "." + revisionParts[1]);
        var path = packageParts[1].Replace('.', '/');

        error = Validate(revisionParts[0], path, packageParts[2], revisionParts[2]);
        if (error is not null)
        {
            key = default;
            return false;
        }

        key = new PackageRevisionKey(
            new PackageKey(new RepositoryKey(@namespace ?? "", revisionParts[0], "", ""), path, packageParts[2]),
            0,
            workspaceName);
        return true;
    }

    /// <summary>
    /// Parses a PorchPackage name into a package key.
    /// </summary>
    /// <param name="namespace">The namespace to put into the key.</param>
    /// <param name="name">The PorchPackage name.</param>
    /// <returns>The key.</returns>
    /// <exception cref="PackageValidationException">The name is invalid; the message is Porch's.</exception>
    public static PackageKey ParsePackageName(string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = SplitIn3(name);
        var path = parts[1].Replace('.', '/');
        if (ValidatePackageName(parts[0], path, parts[2]) is { } error)
        {
            throw new PackageValidationException(error);
        }

        return new PackageKey(new RepositoryKey(@namespace ?? "", parts[0], "", ""), path, parts[2]);
    }

    /// <summary>
    /// Computes the deterministic UID of a PackageRevision: a UUIDv5 (SHA-1) in namespace
    /// <c>aac71d91-5c67-456f-8fd2-902ef6da820e</c> over <c>"packagerevision:porch.kpt.dev/v1alpha1/" + lower(namespace) + "/" + lower(name)</c>.
    /// </summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The PackageRevision name.</param>
    /// <returns>The UID in lower-case <c>8-4-4-4-12</c> form.</returns>
    public static string ComputeUid(string @namespace, string name) => ComputeUid(PackageRevisionUidPrefix, @namespace, name);

    /// <summary>
    /// Computes a deterministic UID as Porch's <c>GenerateUid</c>: a UUIDv5 over
    /// <c>prefix + "porch.kpt.dev/v1alpha1/" + lower(namespace) + "/" + lower(name)</c>.
    /// </summary>
    /// <param name="prefix">The prefix, for example <see cref="PackageRevisionUidPrefix"/>.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <returns>The UID in lower-case <c>8-4-4-4-12</c> form.</returns>
    public static string ComputeUid(string prefix, string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(name);
        var input = prefix + PorchApi.ApiVersion.ToLowerInvariant() + "/" + @namespace.ToLowerInvariant() + "/" + name.ToLowerInvariant();
        return Uuid5(UidNamespace, Encoding.UTF8.GetBytes(input)).ToString("D");
    }

    /// <summary>
    /// Parses a revision from a tag suffix or a field selector value: strips one leading <c>v</c> and parses an integer;
    /// anything else yields −1 (for example <c>v3</c> → 3, <c>v1.2</c> → −1, <c>main</c> → −1).
    /// </summary>
    /// <param name="value">The text to parse.</param>
    /// <returns>The revision, or −1.</returns>
    public static int ParseRevision(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.StartsWith('v') ? value[1..] : value;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var revision) ? revision : -1;
    }

    private static List<string> ValidateNameParts(string repository, string path, string package)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(package);
        var errors = new List<string>();
        if (ValidateRepository(repository, "") is { } repositoryError)
        {
            errors.Add($"repository part {GoString.Quote(repository)} of object name invalid\n");
            errors.Add(repositoryError);
        }

        if (ValidateDirectoryName(path, mandatory: false) is { } pathError)
        {
            errors.Add($"package path part {GoString.Quote(path)} of object name invalid\n");
            errors.Add("path " + path + Invalid + pathError + "\n");
        }

        if (ValidateK8sName(package) is { } packageError)
        {
            errors.Add($"package name part {GoString.Quote(package)} of object name invalid\n");
            errors.Add("package name " + package + Invalid + packageError + "\n");
        }

        return errors;
    }

    private static string? ValidateK8sName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var errors = KubernetesNames.ValidateDns1123Label(name);
        return errors.Count == 0 ? null : string.Join(',', errors);
    }

    private static string DottedPath(string? path, string package) =>
        GoPath.Join(path, package).Replace('/', '.').Trim('.');

    // Porch's SplitIn3OnDelimiter: first segment, the middle segments joined back, last segment.
    private static string[] SplitIn3(string value)
    {
        var split = value.Split('.');
        return split.Length switch
        {
            1 => [split[0], "", ""],
            2 => [split[0], "", split[1]],
            _ => [split[0], string.Join('.', split[1..^1]), split[^1]],
        };
    }

#pragma warning disable CA5350 // RFC 4122 defines name-based UUIDv5 over SHA-1; it is an identifier, not a security measure.
    private static Guid Uuid5(Guid @namespace, byte[] name)
    {
        var buffer = new byte[16 + name.Length];
        @namespace.TryWriteBytes(buffer, bigEndian: true, out _);
        name.CopyTo(buffer, 16);
        var hash = SHA1.HashData(buffer);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
#pragma warning restore CA5350

    [GeneratedRegex("\\.v[0-9.]*[0-9]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyWorkspaceRegex();
}
