using System.Buffers;

namespace Porch.Krm;

/// <summary>
/// A text being built in one char array rented from the shared pool, grown by doubling: the writer's output is copied
/// once, into its final string, instead of into a builder's chunks and then into the string.
/// </summary>
internal sealed class PooledText : IDisposable
{
    private char[] _chars;
    private int _length;

    public PooledText(int capacity = 1024) => _chars = ArrayPool<char>.Shared.Rent(capacity);

    /// <summary>The number of characters written; may only be lowered (to drop what was just written).</summary>
    public int Length
    {
        get => _length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _length);
            _length = value;
        }
    }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    public PooledText Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
        return this;
    }

    public PooledText Append(char c, int repeat)
    {
        if (repeat > 0)
        {
            if (_length + repeat > _chars.Length)
            {
                Grow(repeat);
            }

            _chars.AsSpan(_length, repeat).Fill(c);
            _length += repeat;
        }

        return this;
    }

    public PooledText Append(string? text) => text is null ? this : Append(text.AsSpan());

    public PooledText Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    public override string ToString() => new(_chars, 0, _length);

    public void Dispose()
    {
        var chars = _chars;
        _chars = [];
        _length = 0;
        if (chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_chars.Length * 2, _length + needed);
        var larger = ArrayPool<char>.Shared.Rent(size);
        _chars.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = larger;
    }
}
