using System.Collections;

namespace Porch.Krm;

/// <summary>
/// The children of a <see cref="YamlNode"/>: a growable array like <see cref="List{T}"/>, except that every change
/// first tells an open <see cref="YamlUndoScope"/> that its owner is about to change, so the change can be undone.
/// </summary>
internal sealed class YamlNodeList : IList<YamlNode>, IReadOnlyList<YamlNode>
{
    private readonly YamlNode _owner;
    private YamlNode[] _items;
    private int _count;
    private int _version;

    public YamlNodeList(YamlNode owner)
    {
        _owner = owner;
        _items = [];
    }

    /// <summary>A list that takes <paramref name="items"/> as its storage (for a node no one else holds yet).</summary>
    public YamlNodeList(YamlNode owner, YamlNode[] items)
    {
        _owner = owner;
        _items = items;
        _count = items.Length;
    }

    public int Count => _count;

    public bool IsReadOnly => false;

    /// <summary>Sets the room for children; never below the count.</summary>
    public int Capacity
    {
        get => _items.Length;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, _count);
            if (value != _items.Length)
            {
                var grown = value == 0 ? [] : new YamlNode[value];
                Array.Copy(_items, grown, _count);
                _items = grown;
            }
        }
    }

    public YamlNode this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndex(index);
            }

            return _items[index];
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if ((uint)index >= (uint)_count)
            {
                ThrowIndex(index);
            }

            Changing();
            _items[index] = value;
            _version++;
        }
    }

    /// <summary>The children as a span (valid until the next change).</summary>
    public ReadOnlySpan<YamlNode> AsSpan() => _items.AsSpan(0, _count);

    public void Add(YamlNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Changing();
        if (_count == _items.Length)
        {
            Grow(_count + 1);
        }

        _items[_count++] = item;
        _version++;
    }

    public void AddRange(ReadOnlySpan<YamlNode> items)
    {
        if (items.IsEmpty)
        {
            return;
        }

        Changing();
        if (_count + items.Length > _items.Length)
        {
            Grow(_count + items.Length);
        }

        items.CopyTo(_items.AsSpan(_count));
        _count += items.Length;
        _version++;
    }

    public void Insert(int index, YamlNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if ((uint)index > (uint)_count)
        {
            ThrowIndex(index);
        }

        Changing();
        if (_count == _items.Length)
        {
            Grow(_count + 1);
        }

        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = item;
        _count++;
        _version++;
    }

    public void RemoveAt(int index) => RemoveRange(index, 1);

    public void RemoveRange(int index, int count)
    {
        if (index < 0 || count < 0 || index > _count - count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Cannot remove {count} children at {index} of {_count}.");
        }

        if (count == 0)
        {
            return;
        }

        Changing();
        Array.Copy(_items, index + count, _items, index, _count - index - count);
        _count -= count;
        Array.Clear(_items, _count, count);
        _version++;
    }

    public bool Remove(YamlNode item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    public void Clear()
    {
        if (_count == 0)
        {
            return;
        }

        Changing();
        Array.Clear(_items, 0, _count);
        _count = 0;
        _version++;
    }

    /// <summary>Finds a child by reference (nodes have no value equality).</summary>
    public int IndexOf(YamlNode item)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_items[i], item))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(YamlNode item) => IndexOf(item) >= 0;

    public void CopyTo(YamlNode[] array, int arrayIndex) => Array.Copy(_items, 0, array, arrayIndex, _count);

    /// <summary>A copy of the children, for an undo record.</summary>
    internal YamlNode[] Snapshot() => _count == 0 ? [] : _items.AsSpan(0, _count).ToArray();

    /// <summary>Puts back children recorded by <see cref="Snapshot"/>, without telling any scope.</summary>
    internal void Restore(YamlNode[] items)
    {
        if (items.Length > _items.Length)
        {
            _items = new YamlNode[items.Length];
        }
        else
        {
            Array.Clear(_items, 0, _count);
        }

        items.CopyTo(_items, 0);
        _count = items.Length;
        _version++;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<YamlNode> IEnumerable<YamlNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Changing()
    {
        if (YamlUndoScope.AnyOpen)
        {
            YamlUndoScope.Changing(_owner);
        }
    }

    private void Grow(int needed)
    {
        var capacity = Math.Max(needed, _items.Length == 0 ? 4 : _items.Length * 2);
        var grown = new YamlNode[capacity];
        Array.Copy(_items, grown, _count);
        _items = grown;
    }

    private void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the {_count} children.");

    /// <summary>Enumerates the children; a change during enumeration fails it, as <see cref="List{T}"/> does.</summary>
    public struct Enumerator : IEnumerator<YamlNode>
    {
        private readonly YamlNodeList _list;
        private readonly int _version;
        private int _index;

        internal Enumerator(YamlNodeList list)
        {
            _list = list;
            _version = list._version;
            _index = -1;
            Current = null!;
        }

        public YamlNode Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_version != _list._version)
            {
                throw new InvalidOperationException("The children changed during enumeration.");
            }

            if (++_index < _list._count)
            {
                Current = _list._items[_index];
                return true;
            }

            Current = null!;
            return false;
        }

        public void Reset()
        {
            _index = -1;
            Current = null!;
        }

        public readonly void Dispose()
        {
        }
    }
}
