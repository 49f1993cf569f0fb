using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// A Starlark string: an immutable sequence of bytes, conventionally UTF-8 text. <c>len</c>, indexing and
/// slicing count bytes, as in go.starlark.net (<c>len("é") == 2</c>).
/// </summary>
public sealed class StarlarkString : StarlarkValue
{
    private static readonly StarlarkString[] SingleBytes = CreateSingles();
    private string? _text;

    /// <summary>Initializes a new instance of the <see cref="StarlarkString"/> class from .NET text (encoded as UTF-8).</summary>
    /// <param name="value">The text.</param>
    public StarlarkString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Raw = ByteString.Encode(value);
        _text = value;
    }

    private StarlarkString(string raw, bool isRaw)
    {
        Raw = raw;
        _ = isRaw;
    }

    /// <summary>Gets the empty string.</summary>
    public static StarlarkString Empty { get; } = new(string.Empty, true);

    /// <summary>Gets the value decoded as .NET text (invalid UTF-8 bytes become U+FFFD).</summary>
    public string Value => _text ??= ByteString.Decode(Raw);

    /// <summary>Gets the length in bytes of the UTF-8 encoding.</summary>
    public int ByteLength => Raw.Length;

    /// <inheritdoc/>
    public override string Type => "string";

    /// <inheritdoc/>
    public override bool Truth => Raw.Length != 0;

    /// <summary>Gets the byte-string representation: one char per byte.</summary>
    internal string Raw { get; }

    internal static StarlarkString FromRaw(string raw)
    {
        if (raw.Length == 0)
        {
            return Empty;
        }

        if (raw.Length == 1 && raw[0] < 256)
        {
            return SingleBytes[raw[0]];
        }

        return new StarlarkString(raw, true);
    }

    internal static StarlarkString Byte(char b) => SingleBytes[b];

    internal override void WriteRepr(ReprBuilder builder) => Quoting.Quote(builder.Builder, Raw, false);

    internal override void WriteStr(ReprBuilder builder) => builder.Append(Raw);

    internal override int HashValue() => Raw.GetHashCode(StringComparison.Ordinal);

    private static StarlarkString[] CreateSingles()
    {
        var result = new StarlarkString[256];
        for (var i = 0; i < 256; i++)
        {
            result[i] = new StarlarkString(((char)i).ToString(), true);
        }

        return result;
    }
}
