using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>A Starlark <c>bytes</c> value: an immutable sequence of bytes.</summary>
public sealed class StarlarkBytes : StarlarkValue
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkBytes"/> class.</summary>
    /// <param name="value">The bytes (copied).</param>
    public StarlarkBytes(ReadOnlySpan<byte> value) => Raw = ByteString.FromBytes(value);

    private StarlarkBytes(string raw) => Raw = raw;

    /// <summary>Gets the number of bytes.</summary>
    public int Length => Raw.Length;

    /// <inheritdoc/>
    public override string Type => "bytes";

    /// <inheritdoc/>
    public override bool Truth => Raw.Length != 0;

    internal string Raw { get; }

    /// <summary>Returns a copy of the bytes.</summary>
    /// <returns>A new array.</returns>
    public byte[] ToArray() => ByteString.ToBytes(Raw);

    internal static StarlarkBytes FromRaw(string raw) => new(raw);

    internal override void WriteRepr(ReprBuilder builder) => Quoting.Quote(builder.Builder, Raw, true);

    internal override int HashValue()
    {
        // 32-bit FNV-1a, as go.starlark.net.
        var h = 2166136261u;
        foreach (var c in Raw)
        {
            h ^= c;
            h *= 16777619u;
        }

        return (int)h;
    }
}
