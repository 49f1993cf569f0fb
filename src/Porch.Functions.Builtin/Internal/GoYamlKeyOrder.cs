using System.Numerics;
using System.Text;
using Porch.Starlark;

namespace Porch.Functions.Builtin.Internal;

/// <summary>
/// The order in which go-yaml v3 writes the keys of a Go map: values of different kinds by kind (bool, int, float,
/// string); strings rune by rune, letters before other characters except right after a digit, runs of digits compared
/// as numbers (so <c>item2</c> sorts before <c>item10</c>).
/// </summary>
internal static class GoYamlKeyOrder
{
    public static int Compare(StarlarkValue a, StarlarkValue b)
    {
        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        return (a, b) switch
        {
            (StarlarkString x, StarlarkString y) => CompareStrings(x.Value, y.Value),
            (StarlarkBool x, StarlarkBool y) => x.Value.CompareTo(y.Value),
            (StarlarkInt x, StarlarkInt y) => x.ToBigInteger().CompareTo(y.ToBigInteger()),
            (StarlarkFloat x, StarlarkFloat y) => x.Value.CompareTo(y.Value),
            _ => 0,
        };
    }

    /// <summary>go-yaml's natural string order (its <c>keyList.Less</c>), as a comparison.</summary>
    public static int CompareStrings(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        return Less(a, b) ? -1 : Less(b, a) ? 1 : string.CompareOrdinal(a, b);
    }

    private static bool Less(string a, string b)
    {
        var ar = a.EnumerateRunes().ToArray();
        var br = b.EnumerateRunes().ToArray();
        var digits = false;
        for (var i = 0; i < ar.Length && i < br.Length; i++)
        {
            if (ar[i] == br[i])
            {
                digits = Rune.IsDigit(ar[i]);
                continue;
            }

            var al = Rune.IsLetter(ar[i]);
            var bl = Rune.IsLetter(br[i]);
            if (al && bl)
            {
                return ar[i] < br[i];
            }

            if (al || bl)
            {
                return digits ? al : bl;
            }

            BigInteger an = 0, bn = 0;
            if (ar[i].Value == '0' || br[i].Value == '0')
            {
                for (var j = i - 1; j >= 0 && Rune.IsDigit(ar[j]); j--)
                {
                    if (ar[j].Value != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }

            int ai, bi;
            for (ai = i; ai < ar.Length && Rune.IsDigit(ar[ai]); ai++)
            {
                an = (an * 10) + (int)Rune.GetNumericValue(ar[ai]);
            }

            for (bi = i; bi < br.Length && Rune.IsDigit(br[bi]); bi++)
            {
                bn = (bn * 10) + (int)Rune.GetNumericValue(br[bi]);
            }

            if (an != bn)
            {
                return an < bn;
            }

            if (ai != bi)
            {
                return ai < bi;
            }

            return ar[i] < br[i];
        }

        return ar.Length < br.Length;
    }

    /// <summary>Go's <c>reflect.Kind</c> order of the types a key can have after conversion.</summary>
    private static int Rank(StarlarkValue v) => v switch
    {
        StarlarkNone => 0,
        StarlarkBool => 1,
        StarlarkInt => 2,
        StarlarkFloat => 14,
        _ => 24,
    };
}
