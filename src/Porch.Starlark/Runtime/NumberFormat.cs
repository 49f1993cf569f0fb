using System.Globalization;
using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>Float formatting compatible with go.starlark.net (Go's strconv 'g' shortest, 'e'/'f' with precision 6).</summary>
internal static class NumberFormat
{
    public static string FormatFloat(double d, char conv)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+inf" : "-inf";
        }

        switch (conv)
        {
            case 'g':
            case 'G':
            {
                var s = Shortest(d, conv == 'G');
                if (!s.Contains(conv == 'G' ? 'E' : 'e', StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal))
                {
                    s += ".0";
                }

                return s;
            }

            case 'f':
            case 'F':
                return d.ToString("F6", CultureInfo.InvariantCulture);
            default:
            {
                var s = d.ToString(conv == 'E' ? "E6" : "e6", CultureInfo.InvariantCulture);
                return FixExponent(s);
            }
        }
    }

    /// <summary>Go's <c>strconv.FormatFloat(d, 'g', -1, 64)</c>.</summary>
    public static string Shortest(double d, bool upper)
    {
        var negative = double.IsNegative(d);
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int dp;
        var ei = r.IndexOfAny(['E', 'e']);
        var mantissa = ei >= 0 ? r[..ei] : r;
        var exp = ei >= 0 ? int.Parse(r[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var frac = dot >= 0 ? mantissa[(dot + 1)..] : "";
        digits = intPart + frac;
        dp = intPart.Length + exp;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..];
        dp -= lead;
        digits = digits.TrimEnd('0');
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (digits.Length == 0)
        {
            sb.Append('0');
            return sb.ToString();
        }

        var e = dp - 1;
        if (e < -4 || e >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append(upper ? 'E' : 'e');
            sb.Append(e < 0 ? '-' : '+');
            var ae = Math.Abs(e);
            if (ae < 10)
            {
                sb.Append('0');
            }

            sb.Append(ae.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, dp).Append('.').Append(digits, dp, digits.Length - dp);
        }

        return sb.ToString();
    }

    /// <summary>Rewrites .NET's three-digit exponent ("e+006") as Go's minimum of two digits ("e+06").</summary>
    private static string FixExponent(string s)
    {
        var ei = s.IndexOfAny(['e', 'E']);
        if (ei < 0)
        {
            return s;
        }

        var sign = s[ei + 1];
        var digits = s[(ei + 2)..].TrimStart('0');
        if (digits.Length < 2)
        {
            digits = digits.PadLeft(2, '0');
        }

        return s[..(ei + 1)] + sign + digits;
    }
}
