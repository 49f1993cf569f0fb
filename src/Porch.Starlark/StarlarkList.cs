using System.Collections;
using Porch.Starlark.Runtime;

namespace Porch.Starlark;

/// <summary>A mutable Starlark list. Mutation fails once the list is frozen or while it is being iterated.</summary>
public sealed class StarlarkList : StarlarkValue, IReadOnlyList<StarlarkValue>
{
    private bool _frozen;

    /// <summary>Initializes a new instance of the <see cref="StarlarkList"/> class, empty.</summary>
    public StarlarkList() => Items = new List<StarlarkValue>();

    /// <summary>Initializes a new instance of the <see cref="StarlarkList"/> class with the given elements.</summary>
    /// <param name="items">The elements.</param>
    public StarlarkList(IEnumerable<StarlarkValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = new List<StarlarkValue>(items);
    }

    private StarlarkList(List<StarlarkValue> items, bool owned)
    {
        Items = items;
        _ = owned;
    }

    /// <inheritdoc/>
    public override string Type => "list";

    /// <inheritdoc/>
    public override bool Truth => Items.Count != 0;

    /// <inheritdoc/>
    public override bool IsFrozen => _frozen;

    /// <summary>Gets the number of elements.</summary>
    public int Count => Items.Count;

    internal List<StarlarkValue> Items { get; }

    internal int Iterators { get; set; }

    /// <summary>Gets or sets the element at an index.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <returns>The element.</returns>
    /// <exception cref="InvalidOperationException">The list is frozen.</exception>
    public StarlarkValue this[int index]
    {
        get => Items[index];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            CheckHostMutable();
            Items[index] = value;
        }
    }

    /// <summary>Appends an element.</summary>
    /// <param name="item">The element.</param>
    /// <exception cref="InvalidOperationException">The list is frozen.</exception>
    public void Add(StarlarkValue item)
    {
        ArgumentNullException.ThrowIfNull(item);
        CheckHostMutable();
        Items.Add(item);
    }

    /// <inheritdoc/>
    public IEnumerator<StarlarkValue> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static StarlarkList Wrap(List<StarlarkValue> items) => new(items, true);

    internal void CheckMutable(string verb)
    {
        if (_frozen)
        {
            throw new StarlarkError("cannot " + verb + " frozen list");
        }

        if (Iterators > 0)
        {
            throw new StarlarkError("cannot " + verb + " list during iteration");
        }
    }

    internal override void FreezeShallow(Stack<StarlarkValue> pending)
    {
        if (_frozen)
        {
            return;
        }

        _frozen = true;
        foreach (var item in Items)
        {
            pending.Push(item);
        }
    }

    internal override void WriteRepr(ReprBuilder builder)
    {
        if (!builder.Enter(this))
        {
            builder.Append("[...]");
            return;
        }

        builder.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.WriteRepr(Items[i]);
        }

        builder.Append(']');
        builder.Leave(this);
    }

    private void CheckHostMutable()
    {
        if (_frozen)
        {
            throw new InvalidOperationException("cannot mutate frozen list");
        }
    }
}
