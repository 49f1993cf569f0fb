using System.Globalization;

namespace Porch.Functions.Builtin.Internal;

/// <summary>Go's float formatting as go-yaml v3 writes a <c>float64</c>: <c>strconv.FormatFloat(f, 'g', -1, 64)</c>, with YAML's infinities and NaN.</summary>
internal static class GoFloat
{
    public static string FormatYaml(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return ".inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-.inf";
        }

        return double.IsNaN(value) ? ".nan" : FormatG(value);
    }

    /// <summary>The shortest decimal that reads back as <paramref name="value"/>, in <c>%e</c> form when the exponent is below -4 or at least 6 (Go's rule for the shortest form).</summary>
    public static string FormatG(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "E16" is not shortest; "R" is, and its digits and exponent are re-laid out in Go's form.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string mantissa;
        var exp = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = r[..e];
            exp = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = r;
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // Decimal point position relative to the digit string (Go's digs.dp).
        var dp = intPart.Length + exp - leadingZeros;
        var sign = value < 0 ? "-" : "";
        var x = dp - 1;
        if (x < -4 || x >= 6)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var es = Math.Abs(x) < 10 ? "0" + Math.Abs(x).ToString(CultureInfo.InvariantCulture) : Math.Abs(x).ToString(CultureInfo.InvariantCulture);
            return sign + m + "e" + (x < 0 ? "-" : "+") + es;
        }

        if (dp <= 0)
        {
            return sign + "0." + new string('0', -dp) + digits;
        }

        if (dp >= digits.Length)
        {
            return sign + digits + new string('0', dp - digits.Length);
        }

        return sign + digits[..dp] + "." + digits[dp..];
    }
}
