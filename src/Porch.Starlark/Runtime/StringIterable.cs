namespace Porch.Starlark.Runtime;

/// <summary>The iterable views of strings and bytes: <c>elems</c>, <c>elem_ords</c>, <c>codepoints</c>, <c>codepoint_ords</c>.</summary>
internal sealed class StringIterable : StarlarkValue
{
    private readonly string _raw;
    private readonly string _method;
    private readonly bool _bytes;

    public StringIterable(string raw, string method, bool bytes)
    {
        _raw = raw;
        _method = method;
        _bytes = bytes;
    }

    // go.starlark.net's stringElems and stringCodepoints: the ords views share the type of their element views.
    public override string Type => (_bytes ? "bytes." : "string.") + (_method is "elems" or "elem_ords" ? "elems" : "codepoints");

    /// <summary>Gets the length for the indexable views (per byte); -1 for code point views.</summary>
    public long Length => _method is "elems" or "elem_ords" ? _raw.Length : -1;

    public StarlarkValue At(int i) => _method == "elems" && !_bytes ? StarlarkString.Byte(_raw[i]) : StarlarkInt.Of(_raw[i]);

    public IEnumerable<StarlarkValue> Elements()
    {
        switch (_method)
        {
            case "elems" when !_bytes:
                foreach (var c in _raw)
                {
                    yield return StarlarkString.Byte(c);
                }

                break;
            case "elems":
            case "elem_ords":
                foreach (var c in _raw)
                {
                    yield return StarlarkInt.Of(c);
                }

                break;
            default:
                for (var i = 0; i < _raw.Length;)
                {
                    var cp = ByteString.DecodeRune(_raw, i, out var size);
                    if (_method == "codepoints")
                    {
                        yield return StarlarkString.FromRaw(cp == 0xFFFD && size == 1 ? ByteString.EncodeRune(0xFFFD) : _raw.Substring(i, size));
                    }
                    else
                    {
                        yield return StarlarkInt.Of(cp);
                    }

                    i += size;
                }

                break;
        }
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        Quoting.Quote(builder.Builder, _raw, _bytes);
        builder.Append("." + _method + "()");
    }
}
