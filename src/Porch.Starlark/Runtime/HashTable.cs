namespace Porch.Starlark.Runtime;

/// <summary>
/// An insertion-ordered hash table keyed by hashable Starlark values; the storage of dict and set.
/// Deleted entries leave tombstones that are compacted away when they dominate.
/// </summary>
internal sealed class HashTable
{
    private readonly Dictionary<StarlarkValue, int> _index;
    private StarlarkValue?[] _keys;
    private StarlarkValue?[] _values;
    private int _used;

    public HashTable(int capacity = 0)
    {
        _index = new Dictionary<StarlarkValue, int>(capacity, KeyComparer.Instance);
        _keys = capacity == 0 ? Array.Empty<StarlarkValue?>() : new StarlarkValue?[capacity];
        _values = capacity == 0 ? Array.Empty<StarlarkValue?>() : new StarlarkValue?[capacity];
    }

    public int Count => _index.Count;

    public bool Frozen { get; set; }

    public int Iterators { get; set; }

    /// <summary>Gets the number of slots in use, including tombstones; iterate with <see cref="KeyAt"/>.</summary>
    public int SlotCount => _used;

    public StarlarkValue? KeyAt(int slot) => _keys[slot];

    public StarlarkValue ValueAt(int slot) => _values[slot]!;

    public bool TryGet(StarlarkValue key, out StarlarkValue value)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            value = _values[slot]!;
            return true;
        }

        value = StarlarkNone.Instance;
        return false;
    }

    public bool Contains(StarlarkValue key) => _index.ContainsKey(key);

    public void CheckMutable(string verb)
    {
        if (Frozen)
        {
            throw new StarlarkError("cannot " + verb + " frozen hash table");
        }

        if (Iterators > 0)
        {
            throw new StarlarkError("cannot " + verb + " hash table during iteration");
        }
    }

    /// <summary>Inserts or updates an entry; returns true when the key was new.</summary>
    public bool Insert(StarlarkValue key, StarlarkValue value)
    {
        CheckMutable("insert into");
        return InsertUnchecked(key, value);
    }

    /// <summary>Inserts without the frozen/iteration checks (used while building fresh values).</summary>
    public bool InsertUnchecked(StarlarkValue key, StarlarkValue value)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            _values[slot] = value;
            return false;
        }

        if (_used == _keys.Length)
        {
            Grow();
        }

        _keys[_used] = key;
        _values[_used] = value;
        _index.Add(key, _used);
        _used++;
        return true;
    }

    public bool Remove(StarlarkValue key, out StarlarkValue value)
    {
        CheckMutable("delete from");
        if (!_index.Remove(key, out var slot))
        {
            value = StarlarkNone.Instance;
            return false;
        }

        value = _values[slot]!;
        _keys[slot] = null;
        _values[slot] = null;
        if (slot == _used - 1)
        {
            _used--;
        }

        if (_used > 16 && _index.Count < _used / 2)
        {
            Compact();
        }

        return true;
    }

    /// <summary>Returns the first live slot, or -1.</summary>
    public int FirstSlot()
    {
        for (var i = 0; i < _used; i++)
        {
            if (_keys[i] is not null)
            {
                return i;
            }
        }

        return -1;
    }

    public void Clear()
    {
        CheckMutable("clear");
        if (Count == 0)
        {
            return;
        }

        _index.Clear();
        Array.Clear(_keys, 0, _used);
        Array.Clear(_values, 0, _used);
        _used = 0;
    }

    public IEnumerable<StarlarkValue> Keys()
    {
        Iterators++;
        try
        {
            for (var i = 0; i < _used; i++)
            {
                var k = _keys[i];
                if (k is not null)
                {
                    yield return k;
                }
            }
        }
        finally
        {
            Iterators--;
        }
    }

    public List<StarlarkValue> KeyList()
    {
        var list = new List<StarlarkValue>(Count);
        for (var i = 0; i < _used; i++)
        {
            var k = _keys[i];
            if (k is not null)
            {
                list.Add(k);
            }
        }

        return list;
    }

    private void Grow()
    {
        var size = Math.Max(4, _keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _values, size);
    }

    private void Compact()
    {
        var j = 0;
        for (var i = 0; i < _used; i++)
        {
            var k = _keys[i];
            if (k is null)
            {
                continue;
            }

            _keys[j] = k;
            _values[j] = _values[i];
            _index[k] = j;
            j++;
        }

        Array.Clear(_keys, j, _used - j);
        Array.Clear(_values, j, _used - j);
        _used = j;
    }
}
