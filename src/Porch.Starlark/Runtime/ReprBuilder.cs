using System.Text;

namespace Porch.Starlark.Runtime;

/// <summary>Accumulates <c>str</c>/<c>repr</c> output (as byte-string chars) with cycle detection.</summary>
internal sealed class ReprBuilder
{
    private readonly List<StarlarkValue> _path = new();

    public StringBuilder Builder { get; } = new();

    public void Append(string s) => Builder.Append(s);

    public void Append(char c) => Builder.Append(c);

    public void WriteRepr(StarlarkValue v)
    {
        v.WriteRepr(this);
    }

    /// <summary>Returns false when <paramref name="v"/> is already being printed (a cycle).</summary>
    public bool Enter(StarlarkValue v)
    {
        Nesting.Check(_path.Count + 1, Nesting.FormatTooDeep);
        foreach (var p in _path)
        {
            if (ReferenceEquals(p, v))
            {
                return false;
            }
        }

        _path.Add(v);
        return true;
    }

    public void Leave(StarlarkValue v)
    {
        if (_path.Count > 0 && ReferenceEquals(_path[^1], v))
        {
            _path.RemoveAt(_path.Count - 1);
        }
    }

    public override string ToString() => Builder.ToString();
}
