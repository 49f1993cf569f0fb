using System.Globalization;
using System.Text.RegularExpressions;
using Porch.Krm;

namespace Porch.Functions.Builtin.Internal;

/// <summary>How go-yaml resolves a plain scalar (null, bool, int, float or string), for deciding when a value needs quotes.</summary>
internal static partial class YamlScalars
{
    public static bool ResolvesToNonString(string value) =>
        value is "" or "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
        || Number().IsMatch(value);

    /// <summary>Gives a scalar a new value the way go-yaml's encoder would write a Go string there: plain strings that would now read as another type become quoted.</summary>
    public static void SetStringValue(YamlNode node, string value)
    {
        var wasPlainString = node.Style == YamlScalarStyle.Plain && node.Tag is null && !ResolvesToNonString(node.Value);
        node.Value = value;
        if (wasPlainString && ResolvesToNonString(value))
        {
            node.Style = YamlScalarStyle.Any;
        }
    }

    /// <summary>A new scalar for a Go string.</summary>
    public static YamlNode String(string value) => YamlNode.Scalar(value, YamlScalarStyle.Any);

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$|^0x[0-9a-fA-F]+$|^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
