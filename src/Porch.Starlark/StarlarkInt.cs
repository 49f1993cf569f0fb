using System.Globalization;
using System.Numerics;
using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// A Starlark integer of arbitrary precision. Values that fit in 64 bits are stored as <see cref="long"/>;
/// larger ones as <see cref="BigInteger"/>. Small values are shared.
/// </summary>
public sealed class StarlarkInt : StarlarkValue
{
    private const int CacheMin = -256;
    private const int CacheMax = 1024;
    private static readonly StarlarkInt[] Cache = CreateCache();

    private readonly BigInteger _big;

    private StarlarkInt(long value)
    {
        Small = value;
    }

    private StarlarkInt(BigInteger value)
    {
        _big = value;
        IsBig = true;
    }

    /// <summary>Gets the zero value.</summary>
    public static StarlarkInt Zero => Cache[-CacheMin];

    /// <summary>Gets the one value.</summary>
    public static StarlarkInt One => Cache[1 - CacheMin];

    /// <inheritdoc/>
    public override string Type => "int";

    /// <inheritdoc/>
    public override bool Truth => IsBig || Small != 0;

    /// <summary>Gets the value when it fits in 64 bits (only meaningful when <see cref="IsBig"/> is false).</summary>
    internal long Small { get; }

    /// <summary>Gets a value indicating whether the value lies outside the 64-bit range.</summary>
    internal bool IsBig { get; }

    /// <summary>Returns the Starlark int for a 64-bit value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A shared instance for small values, otherwise a new one.</returns>
    public static StarlarkInt Of(long value) =>
        value >= CacheMin && value < CacheMax ? Cache[value - CacheMin] : new StarlarkInt(value);

    /// <summary>Returns the Starlark int for an arbitrary-precision value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The Starlark int.</returns>
    public static StarlarkInt Of(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? Of((long)value) : new StarlarkInt(value);

    /// <summary>Gets the value as a 64-bit integer when it fits.</summary>
    /// <param name="value">The value, or zero.</param>
    /// <returns>True when the value fits in a <see cref="long"/>.</returns>
    public bool TryGetInt64(out long value)
    {
        value = IsBig ? 0 : Small;
        return !IsBig;
    }

    /// <summary>Gets the value as a <see cref="BigInteger"/>.</summary>
    /// <returns>The value.</returns>
    public BigInteger ToBigInteger() => IsBig ? _big : new BigInteger(Small);

    internal override void WriteRepr(ReprBuilder builder) =>
        builder.Append(IsBig ? _big.ToString(CultureInfo.InvariantCulture) : Small.ToString(CultureInfo.InvariantCulture));

    internal override int HashValue() => IsBig ? _big.GetHashCode() : Small.GetHashCode();

    // Rounded to nearest, as Go's big.Float conversion (a BigInteger cast truncates low bits); beyond the double range the
    // parse gives ±Infinity, which callers check.
    internal double ToDouble() => IsBig ? double.Parse(_big.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : Small;

    internal int Sign => IsBig ? _big.Sign : Math.Sign(Small);

    private static StarlarkInt[] CreateCache()
    {
        var cache = new StarlarkInt[CacheMax - CacheMin];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = new StarlarkInt(i + CacheMin);
        }

        return cache;
    }
}
