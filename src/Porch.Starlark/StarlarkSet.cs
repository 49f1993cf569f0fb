using System.Collections;
using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>A mutable Starlark set (available to scripts when <see cref="StarlarkOptions.AllowSet"/> is on).</summary>
public sealed class StarlarkSet : StarlarkValue, IEnumerable<StarlarkValue>
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkSet"/> class, empty.</summary>
    public StarlarkSet() => Table = new HashTable();

    /// <summary>Initializes a new instance of the <see cref="StarlarkSet"/> class with the given elements.</summary>
    /// <param name="items">Hashable elements.</param>
    /// <exception cref="InvalidOperationException">An element is unhashable.</exception>
    public StarlarkSet(IEnumerable<StarlarkValue> items)
        : this()
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <inheritdoc/>
    public override string Type => "set";

    /// <inheritdoc/>
    public override bool Truth => Table.Count != 0;

    /// <inheritdoc/>
    public override bool IsFrozen => Table.Frozen;

    /// <summary>Gets the number of elements.</summary>
    public int Count => Table.Count;

    internal HashTable Table { get; }

    /// <summary>Adds an element.</summary>
    /// <param name="item">A hashable value.</param>
    /// <exception cref="InvalidOperationException">The set is frozen or the value unhashable.</exception>
    public void Add(StarlarkValue item)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            Table.Insert(item, StarlarkNone.Instance);
        }
        catch (StarlarkError e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>Reports whether the set contains a value.</summary>
    /// <param name="item">The value.</param>
    /// <returns>True when present.</returns>
    public bool Contains(StarlarkValue item)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            return Table.Contains(item);
        }
        catch (StarlarkError e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<StarlarkValue> GetEnumerator() => Table.KeyList().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        if (Table.Frozen)
        {
            return;
        }

        Table.Frozen = true;
        foreach (var k in Table.KeyList())
        {
            pending.Push(k);
        }
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        builder.Append("set([");
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
        }

        builder.Append("])");
    }
}
