namespace Porch.Starlark.Runtime;

/// <summary>Set algebra shared by the set operators and methods; results keep the left operand's order.</summary>
internal static class SetOps
{
    public static StarlarkSet Union(StarlarkSet x, IEnumerable<StarlarkValue> y, StarlarkThread t)
    {
        var s = Copy(x, t);
        foreach (var v in y)
        {
            t.Charge(16);
            s.Table.InsertUnchecked(v, StarlarkNone.Instance);
        }

        return s;
    }

    public static StarlarkSet Intersection(StarlarkSet x, IEnumerable<StarlarkValue> y, StarlarkThread t)
    {
        var other = ToTable(y, t);
        var s = new StarlarkSet();
        foreach (var v in x.Table.KeyList())
        {
            if (other.Contains(v))
            {
                t.Charge(16);
                s.Table.InsertUnchecked(v, StarlarkNone.Instance);
            }
        }

        return s;
    }

    public static StarlarkSet Difference(StarlarkSet x, IEnumerable<StarlarkValue> y, StarlarkThread t)
    {
        var other = ToTable(y, t);
        var s = new StarlarkSet();
        foreach (var v in x.Table.KeyList())
        {
            if (!other.Contains(v))
            {
                t.Charge(16);
                s.Table.InsertUnchecked(v, StarlarkNone.Instance);
            }
        }

        return s;
    }

    public static StarlarkSet SymmetricDifference(StarlarkSet x, IEnumerable<StarlarkValue> y, StarlarkThread t)
    {
        var other = ToTable(y, t);
        var s = new StarlarkSet();
        foreach (var v in x.Table.KeyList())
        {
            if (!other.Contains(v))
            {
                s.Table.InsertUnchecked(v, StarlarkNone.Instance);
            }
        }

        foreach (var v in other.KeyList())
        {
            if (!x.Table.Contains(v))
            {
                s.Table.InsertUnchecked(v, StarlarkNone.Instance);
            }
        }

        t.Charge(16L * s.Count);
        return s;
    }

    public static HashTable ToTable(IEnumerable<StarlarkValue> items, StarlarkThread t)
    {
        var table = new HashTable();
        foreach (var v in items)
        {
            t.Step();
            t.Charge(16);
            table.InsertUnchecked(v, StarlarkNone.Instance);
        }

        return table;
    }

    private static StarlarkSet Copy(StarlarkSet x, StarlarkThread t)
    {
        var s = new StarlarkSet();
        t.Charge(16L * x.Count);
        foreach (var v in x.Table.KeyList())
        {
            s.Table.InsertUnchecked(v, StarlarkNone.Instance);
        }

        return s;
    }
}
