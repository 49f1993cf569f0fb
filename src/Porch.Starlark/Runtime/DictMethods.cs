using System.Globalization;

namespace Porch.Starlark.Runtime;

/// <summary>Methods of <c>dict</c>.</summary>
internal static class DictMethods
{
    public static readonly Dictionary<string, BuiltinImpl> Table = new(StringComparer.Ordinal)
    {
        ["clear"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            ((StarlarkDict)r!).Table.Clear();
            return StarlarkNone.Instance;
        },
        ["get"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 2);
            var d = (StarlarkDict)r!;
            return d.Table.TryGet(a[0], out var v) ? v : a.Length > 1 ? a[1] : StarlarkNone.Instance;
        },
        ["items"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var table = ((StarlarkDict)r!).Table;
            t.Charge(48L * table.Count);
            var result = new List<StarlarkValue>(table.Count);
            for (var i = 0; i < table.SlotCount; i++)
            {
                var key = table.KeyAt(i);
                if (key is not null)
                {
                    result.Add(StarlarkTuple.Wrap(new[] { key, table.ValueAt(i) }));
                }
            }

            return StarlarkList.Wrap(result);
        },
        ["keys"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var table = ((StarlarkDict)r!).Table;
            t.Charge(8L * table.Count);
            return StarlarkList.Wrap(table.KeyList());
        },
        ["pop"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 2);
            var d = (StarlarkDict)r!;
            if (d.Table.Remove(a[0], out var v))
            {
                return v;
            }

            return a.Length > 1 ? a[1] : throw new StarlarkError("missing key");
        },
        ["popitem"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var d = (StarlarkDict)r!;
            d.Table.CheckMutable("delete from");
            var slot = d.Table.FirstSlot();
            if (slot < 0)
            {
                throw new StarlarkError("empty dict");
            }

            var key = d.Table.KeyAt(slot)!;
            d.Table.Remove(key, out var v);
            return StarlarkTuple.Wrap(new[] { key, v });
        },
        ["setdefault"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 2);
            var d = (StarlarkDict)r!;
            if (d.Table.TryGet(a[0], out var v))
            {
                return v;
            }

            var dflt = a.Length > 1 ? a[1] : StarlarkNone.Instance;
            t.Charge(16);
            d.Table.Insert(a[0], dflt);
            return dflt;
        },
        ["update"] = (t, r, a, k) =>
        {
            ArgUnpack.Count(a.Length, 0, 1);
            Update(t, ((StarlarkDict)r!).Table, a.Length == 1 ? a[0] : null, k, check: true);
            return StarlarkNone.Instance;
        },
        ["values"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var table = ((StarlarkDict)r!).Table;
            t.Charge(8L * table.Count);
            var result = new List<StarlarkValue>(table.Count);
            for (var i = 0; i < table.SlotCount; i++)
            {
                if (table.KeyAt(i) is not null)
                {
                    result.Add(table.ValueAt(i));
                }
            }

            return StarlarkList.Wrap(result);
        },
    };

    /// <summary>Implements <c>dict(pairs, **kw)</c> and <c>D.update(pairs, **kw)</c>.</summary>
    public static void Update(StarlarkThread t, HashTable table, StarlarkValue? pairs, KeyValuePair<string, StarlarkValue>[] kwargs, bool check)
    {
        if (check)
        {
            table.CheckMutable("insert into");
        }

        if (pairs is StarlarkDict other)
        {
            t.Charge(16L * other.Count);
            foreach (var (key, value) in other.ToList())
            {
                table.InsertUnchecked(key, value);
            }
        }
        else if (pairs is not null)
        {
            var items = Ops.Iterate(pairs) ?? throw new StarlarkError("got " + pairs.Type + ", want iterable");
            var i = 0;
            foreach (var pair in items.ToList())
            {
                t.Step();
                var elems = Ops.Iterate(pair) ?? throw new StarlarkError("dictionary update sequence element #" + i.ToString(CultureInfo.InvariantCulture) + " is not iterable (" + pair.Type + ")");
                var kv = elems.ToArray();
                if (kv.Length != 2)
                {
                    throw new StarlarkError("dictionary update sequence element #" + i.ToString(CultureInfo.InvariantCulture) + " has length " + kv.Length.ToString(CultureInfo.InvariantCulture) + ", want 2");
                }

                t.Charge(16);
                table.InsertUnchecked(kv[0], kv[1]);
                i++;
            }
        }

        var before = table.Count;
        foreach (var (name, value) in kwargs)
        {
            t.Charge(16);
            table.InsertUnchecked(new StarlarkString(name), value);
        }

        // As go.starlark.net's updateDict: fewer new entries than keyword arguments may mean a repeated keyword.
        if (table.Count < before + kwargs.Length)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, _) in kwargs)
            {
                if (!seen.Add(name))
                {
                    throw new StarlarkError("duplicate keyword arg: \"" + name + "\"");
                }
            }
        }
    }
}
