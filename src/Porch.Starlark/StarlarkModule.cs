using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// A named collection of values reached as attributes (<c>json.encode</c>), as go.starlark.net's
/// <c>starlarkstruct.Module</c>: its type is <c>"module"</c>, its representation <c>&lt;module "name"&gt;</c>, it is
/// not hashable and its fields cannot be assigned. Hosts return one from <see cref="StarlarkThread.LoadHandler"/>.
/// </summary>
public sealed class StarlarkModule : StarlarkValue
{
    private readonly Dictionary<string, StarlarkValue> _members;
    private readonly string[] _names;

    /// <summary>Initializes a new instance of the <see cref="StarlarkModule"/> class.</summary>
    /// <param name="name">The module name shown by <c>str</c>.</param>
    /// <param name="members">The members; a repeated name keeps its last value.</param>
    public StarlarkModule(string name, IEnumerable<KeyValuePair<string, StarlarkValue>> members)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(members);
        Name = name;
        _members = new Dictionary<string, StarlarkValue>(StringComparer.Ordinal);
        foreach (var (key, value) in members)
        {
            ArgumentNullException.ThrowIfNull(value);
            _members[key] = value;
        }

        _names = _members.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Gets the module name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string Type => "module";

    /// <summary>Gets the member names in ordinal order.</summary>
    public IReadOnlyList<string> MemberNames => _names;

    /// <summary>Gets a member by name.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the member exists.</returns>
    public bool TryGetMember(string name, out StarlarkValue value)
    {
        if (_members.TryGetValue(name, out var v))
        {
            value = v;
            return true;
        }

        value = StarlarkNone.Instance;
        return false;
    }

    internal override StarlarkValue? GetField(string name) => _members.GetValueOrDefault(name);

    internal override IEnumerable<string> AttributeNames() => _names;

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        foreach (var v in _members.Values)
        {
            pending.Push(v);
        }
    }

    internal override int HashValue() => throw new StarlarkError("unhashable: module");

    internal override void WriteRepr(ReprBuilder builder)
    {
        builder.Append("<module ");
        Quoting.Quote(builder.Builder, ByteString.Encode(Name), bytes: false);
        builder.Append('>');
    }
}
