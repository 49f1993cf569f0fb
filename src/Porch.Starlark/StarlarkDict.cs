using System.Collections;
using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>
/// A mutable Starlark dict. Iteration follows insertion order; updating the value of an existing key keeps
/// its position.
/// </summary>
public sealed class StarlarkDict : StarlarkValue, IEnumerable<KeyValuePair<StarlarkValue, StarlarkValue>>
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkDict"/> class, empty.</summary>
    public StarlarkDict() => Table = new HashTable();

    internal StarlarkDict(int capacity) => Table = new HashTable(capacity);

    /// <inheritdoc/>
    public override string Type => "dict";

    /// <inheritdoc/>
    public override bool Truth => Table.Count != 0;

    /// <inheritdoc/>
    public override bool IsFrozen => Table.Frozen;

    /// <summary>Gets the number of entries.</summary>
    public int Count => Table.Count;

    /// <summary>Gets the keys in insertion order.</summary>
    public IReadOnlyList<StarlarkValue> Keys => Table.KeyList();

    internal HashTable Table { get; }

    /// <summary>Gets or sets the value for a key.</summary>
    /// <param name="key">A hashable key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key is absent (get).</exception>
    /// <exception cref="InvalidOperationException">The dict is frozen (set), or the key is unhashable.</exception>
    public StarlarkValue this[StarlarkValue key]
    {
        get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException("key " + key.ToRepr() + " not in dict");
        set => Set(key, value);
    }

    /// <summary>Gets or sets the value for a string key.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The value.</returns>
    public StarlarkValue this[string key]
    {
        get => this[new StarlarkString(key)];
        set => Set(new StarlarkString(key), value);
    }

    /// <summary>Looks up a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the key is present.</returns>
    public bool TryGetValue(StarlarkValue key, out StarlarkValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HostCall(() => (Table.TryGet(key, out var v), v), out value);
    }

    /// <summary>Looks up a string key.</summary>
    /// <param name="key">The key text.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the key is present.</returns>
    public bool TryGetValue(string key, out StarlarkValue value) => TryGetValue(new StarlarkString(key), out value);

    /// <summary>Reports whether a key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(StarlarkValue key) => TryGetValue(key, out _);

    /// <summary>Inserts or updates an entry.</summary>
    /// <param name="key">A hashable key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="InvalidOperationException">The dict is frozen or being iterated, or the key is unhashable.</exception>
    public void Set(StarlarkValue key, StarlarkValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        HostCall(() => (Table.Insert(key, value), StarlarkNone.Instance), out _);
    }

    /// <summary>Removes an entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when the key was present.</returns>
    public bool Remove(StarlarkValue key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HostCall(() => (Table.Remove(key, out var v), v), out _);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<StarlarkValue, StarlarkValue>> GetEnumerator()
    {
        for (var i = 0; i < Table.SlotCount; i++)
        {
            var k = Table.KeyAt(i);
            if (k is not null)
            {
                yield return new KeyValuePair<StarlarkValue, StarlarkValue>(k, Table.ValueAt(i));
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        if (Table.Frozen)
        {
            return;
        }

        Table.Frozen = true;
        for (var i = 0; i < Table.SlotCount; i++)
        {
            var k = Table.KeyAt(i);
            if (k is not null)
            {
                pending.Push(k);
                pending.Push(Table.ValueAt(i));
            }
        }
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        if (!builder.Enter(this))
        {
            builder.Append("{...}");
            return;
        }

        builder.Append('{');
        var first = true;
        for (var i = 0; i < Table.SlotCount; i++)
        {
            var k = Table.KeyAt(i);
            if (k is null)
            {
                continue;
            }

            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            builder.WriteRepr(k);
            builder.Append(": ");
            builder.WriteRepr(Table.ValueAt(i));
        }

        builder.Append('}');
        builder.Leave(this);
    }

    private static bool HostCall(Func<(bool, StarlarkValue)> action, out StarlarkValue value)
    {
        try
        {
            var (ok, v) = action();
            value = v;
            return ok;
        }
        catch (StarlarkError e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}
