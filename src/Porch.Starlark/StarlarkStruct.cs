using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// An immutable struct-like value with named fields, for exposing host objects such as <c>ctx</c>
/// (<c>ctx.resource_list</c>). Its type is <c>"struct"</c>; fields are listed by <c>dir(x)</c> in name order.
/// </summary>
public sealed class StarlarkStruct : StarlarkValue
{
    private readonly Dictionary<string, StarlarkValue> _fields;
    private readonly string[] _names;

    /// <summary>Initializes a new instance of the <see cref="StarlarkStruct"/> class.</summary>
    /// <param name="fields">The fields; names must be unique.</param>
    public StarlarkStruct(IEnumerable<KeyValuePair<string, StarlarkValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, StarlarkValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(value);
            _fields.Add(name, value);
        }

        _names = _fields.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc/>
    public override string Type => "struct";

    /// <summary>Gets the field names in ordinal order.</summary>
    public IReadOnlyList<string> FieldNames => _names;

    /// <summary>Gets a field by name.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the field exists.</returns>
    public bool TryGetField(string name, out StarlarkValue value)
    {
        if (_fields.TryGetValue(name, out var v))
        {
            value = v;
            return true;
        }

        value = StarlarkNone.Instance;
        return false;
    }

    internal override StarlarkValue? GetField(string name) => _fields.GetValueOrDefault(name);

    internal override IEnumerable<string> AttributeNames() => _names;

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        foreach (var v in _fields.Values)
        {
            pending.Push(v);
        }
    }

    internal override int HashValue() => HashValue(0);

    internal int HashValue(int depth)
    {
        Nesting.Check(depth, Nesting.HashTooDeep);
        var h = 17;
        foreach (var n in _names)
        {
            h = unchecked((h * 31) + n.GetHashCode(StringComparison.Ordinal) + Ops.Hash(_fields[n], depth));
        }

        return h;
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        if (!builder.Enter(this))
        {
            builder.Append("struct(...)");
            return;
        }

        builder.Append("struct(");
        for (var i = 0; i < _names.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(ByteString.Encode(_names[i]));
            builder.Append(" = ");
            builder.WriteRepr(_fields[_names[i]]);
        }

        builder.Append(')');
        builder.Leave(this);
    }

    internal bool StructEquals(StarlarkStruct other, int depth)
    {
        if (_names.Length != other._names.Length)
        {
            return false;
        }

        foreach (var n in _names)
        {
            if (!other._fields.TryGetValue(n, out var v) || !Ops.Equal(_fields[n], v, depth))
            {
                return false;
            }
        }

        return true;
    }
}
