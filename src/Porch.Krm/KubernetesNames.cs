using System.Text;
using System.Text.RegularExpressions;

namespace Porch.Krm;

/// <summary>
/// Kubernetes' RFC 1123 name checks (<c>IsDNS1123Label</c>, <c>IsDNS1123Subdomain</c>) with their exact messages.
/// </summary>
public static partial class KubernetesNames
{
    /// <summary>Maximum length of a DNS-1123 label: 63.</summary>
    public const int Dns1123LabelMaxLength = 63;

    /// <summary>Maximum length of a DNS-1123 subdomain: 253.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>The label pattern Kubernetes quotes in its message.</summary>
    public const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /// <summary>The subdomain pattern Kubernetes quotes in its message.</summary>
    public const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";

    private const string LabelErrorMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    private const string SubdomainErrorMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    /// <summary>
    /// Checks <paramref name="value"/> as a DNS-1123 label and returns Kubernetes' messages, empty when valid.
    /// </summary>
    /// <param name="value">The candidate label.</param>
    /// <returns>The error messages in Kubernetes' order.</returns>
    public static IReadOnlyList<string> ValidateDns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > Dns1123LabelMaxLength)
        {
            errors.Add(MaxLengthError(Dns1123LabelMaxLength));
        }

        if (!LabelRegex().IsMatch(value))
        {
            errors.Add(SubdomainRegex().IsMatch(value)
                ? "must not contain dots"
                : RegexError(LabelErrorMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }

        return errors;
    }

    /// <summary>
    /// Checks <paramref name="value"/> as a DNS-1123 subdomain and returns Kubernetes' messages, empty when valid.
    /// </summary>
    /// <param name="value">The candidate subdomain.</param>
    /// <returns>The error messages in Kubernetes' order.</returns>
    public static IReadOnlyList<string> ValidateDns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        if (Encoding.UTF8.GetByteCount(value) > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLengthError(Dns1123SubdomainMaxLength));
        }

        if (!SubdomainRegex().IsMatch(value))
        {
            errors.Add(RegexError(SubdomainErrorMessage, Dns1123SubdomainFormat, "example.com"));
        }

        return errors;
    }

    /// <summary>Returns whether <paramref name="value"/> is a valid DNS-1123 label.</summary>
    /// <param name="value">The candidate label.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsDns1123Label(string value) => ValidateDns1123Label(value).Count == 0;

    /// <summary>Returns whether <paramref name="value"/> is a valid DNS-1123 subdomain.</summary>
    /// <param name="value">The candidate subdomain.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsDns1123Subdomain(string value) => ValidateDns1123Subdomain(value).Count == 0;

    private static string MaxLengthError(int length) => $"must be no more than {length} characters";

    private static string RegexError(string message, string format, params string[] examples)
    {
        var sb = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }

            sb.Append('\'').Append(examples[i]).Append("', ");
        }

        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainRegex();
}
