using System.Globalization;

namespace Porch.Starlark.Runtime;

/// <summary>The lazy, immutable integer sequence returned by <c>range</c>.</summary>
internal sealed class RangeValue : StarlarkValue
{
    internal override int HashValue() => throw new StarlarkError("unhashable: range");

    private readonly long _start;
    private readonly long _stop;
    private readonly long _step;

    public RangeValue(long start, long stop, long step)
    {
        _start = start;
        _stop = stop;
        _step = step;
        Length = step > 0
            ? (start < stop ? (long)((((Int128)stop - start - 1) / step) + 1) : 0)
            : (start > stop ? (long)((((Int128)start - stop - 1) / -(Int128)step) + 1) : 0);
    }

    public long Length { get; }

    public override string Type => "range";

    public override bool Truth => Length > 0;

    public StarlarkValue At(long i) => StarlarkInt.Of(_start + (i * _step));

    public IEnumerable<StarlarkValue> Elements()
    {
        var v = _start;
        for (long i = 0; i < Length; i++, v += _step)
        {
            yield return StarlarkInt.Of(v);
        }
    }

    public RangeValue Slice(long start, long end, long step)
    {
        var count = step > 0 ? (end > start ? ((end - start - 1) / step) + 1 : 0) : (start > end ? ((start - end - 1) / -step) + 1 : 0);
        var newStart = _start + (start * _step);
        var newStep = _step * step;
        return new RangeValue(newStart, newStart + (count * newStep), newStep);
    }

    public bool Contains(StarlarkValue x)
    {
        long v;
        switch (x)
        {
            case StarlarkInt i:
                if (i.IsBig)
                {
                    return false;
                }

                v = i.Small;
                break;
            case StarlarkFloat f:
                if (Math.Floor(f.Value) != f.Value || Math.Abs(f.Value) > 9e18)
                {
                    return false;
                }

                v = (long)f.Value;
                break;
            default:
                throw new StarlarkError("'in <range>' requires integer as left operand, not " + x.Type);
        }

        if (Length == 0)
        {
            return false;
        }

        if (_step > 0 ? v < _start || v >= _stop : v > _start || v <= _stop)
        {
            return false;
        }

        return (v - _start) % _step == 0;
    }

    public bool SameSequence(RangeValue other)
    {
        if (Length != other.Length)
        {
            return false;
        }

        if (Length == 0)
        {
            return true;
        }

        return _start == other._start && (Length == 1 || _step == other._step);
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        var inv = CultureInfo.InvariantCulture;
        if (_step != 1)
        {
            builder.Append("range(" + _start.ToString(inv) + ", " + _stop.ToString(inv) + ", " + _step.ToString(inv) + ")");
        }
        else if (_start != 0)
        {
            builder.Append("range(" + _start.ToString(inv) + ", " + _stop.ToString(inv) + ")");
        }
        else
        {
            builder.Append("range(" + _stop.ToString(inv) + ")");
        }
    }
}
