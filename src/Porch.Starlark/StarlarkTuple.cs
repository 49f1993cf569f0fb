using System.Collections;
using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>An immutable Starlark tuple.</summary>
public sealed class StarlarkTuple : StarlarkValue, IReadOnlyList<StarlarkValue>
{
    /// <summary>Initializes a new instance of the <see cref="StarlarkTuple"/> class.</summary>
    /// <param name="items">The elements (copied).</param>
    public StarlarkTuple(IEnumerable<StarlarkValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
    }

    private StarlarkTuple(StarlarkValue[] items, bool owned)
    {
        Items = items;
        _ = owned;
    }

    /// <summary>Gets the empty tuple.</summary>
    public static StarlarkTuple Empty { get; } = new(Array.Empty<StarlarkValue>(), true);

    /// <inheritdoc/>
    public override string Type => "tuple";

    /// <inheritdoc/>
    public override bool Truth => Items.Length != 0;

    /// <summary>Gets the number of elements.</summary>
    public int Count => Items.Length;

    internal StarlarkValue[] Items { get; }

    /// <summary>Gets the element at an index.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <returns>The element.</returns>
    public StarlarkValue this[int index] => Items[index];

    /// <summary>Creates a tuple of the given elements.</summary>
    /// <param name="items">The elements (copied).</param>
    /// <returns>The tuple.</returns>
    public static StarlarkTuple Of(params StarlarkValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Length == 0 ? Empty : new StarlarkTuple((StarlarkValue[])items.Clone(), true);
    }

    /// <inheritdoc/>
    public IEnumerator<StarlarkValue> GetEnumerator() => ((IEnumerable<StarlarkValue>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static StarlarkTuple Wrap(StarlarkValue[] items) => items.Length == 0 ? Empty : new StarlarkTuple(items, true);

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        foreach (var item in Items)
        {
            pending.Push(item);
        }
    }

    internal override int HashValue() => HashValue(0);

    internal int HashValue(int depth)
    {
        Nesting.Check(depth, Nesting.HashTooDeep);
        var h = 0x345678;
        foreach (var item in Items)
        {
            h = unchecked((h * 1000003) ^ Ops.Hash(item, depth));
        }

        return h;
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        if (!builder.Enter(this))
        {
            builder.Append("(...)");
            return;
        }

        builder.Append('(');
        for (var i = 0; i < Items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.WriteRepr(Items[i]);
        }

        if (Items.Length == 1)
        {
            builder.Append(',');
        }

        builder.Append(')');
        builder.Leave(this);
    }
}
