using System.Numerics;

namespace Porch.Starlark.Runtime;

/// <summary>Parses integer digits in a base, with a 64-bit fast path.</summary>
internal static class IntParser
{
    public static bool TryParseDigits(string digits, int radix, out StarlarkInt value)
    {
        value = StarlarkInt.Zero;
        if (digits.Length == 0)
        {
            return false;
        }

        long small = 0;
        BigInteger big = default;
        var isBig = false;
        foreach (var ch in digits)
        {
            var d = DigitValue(ch);
            if (d < 0 || d >= radix)
            {
                return false;
            }

            if (!isBig)
            {
                if (small > (long.MaxValue - d) / radix)
                {
                    isBig = true;
                    big = new BigInteger(small);
                }
                else
                {
                    small = (small * radix) + d;
                    continue;
                }
            }

            big = (big * radix) + d;
        }

        value = isBig ? StarlarkInt.Of(big) : StarlarkInt.Of(small);
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };
}
