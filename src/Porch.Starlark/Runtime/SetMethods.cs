namespace Porch.Starlark.Runtime;

/// <summary>Methods of <c>set</c>: go.starlark.net's twelve (its builtins.star checks <c>dir(set())</c>).</summary>
internal static class SetMethods
{
    public static readonly Dictionary<string, BuiltinImpl> Table = new(StringComparer.Ordinal)
    {
        ["add"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var s = (StarlarkSet)r!;
            Ops.Hash(a[0]);
            t.Charge(16);
            s.Table.Insert(a[0], StarlarkNone.Instance);
            return StarlarkNone.Instance;
        },
        ["clear"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var set = (StarlarkSet)r!;
            if (set.Count > 0)
            {
                // go.starlark.net's set_clear: clearing an empty (even frozen) set is no mutation.
                set.Table.Clear();
            }

            return StarlarkNone.Instance;
        },
        ["difference"] = (t, r, a, k) => Fold(t, r, a, k, SetOps.Difference),
        ["discard"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var s = (StarlarkSet)r!;
            Ops.Hash(a[0]);
            s.Table.Remove(a[0], out var _);
            return StarlarkNone.Instance;
        },
        ["intersection"] = (t, r, a, k) => Fold(t, r, a, k, SetOps.Intersection),
        ["issubset"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var other = SetOps.ToTable(ArgUnpack.Iterable(a[0], "1"), t);
            return StarlarkBool.Of(Ops.IsSubset(((StarlarkSet)r!).Table, other));
        },
        ["issuperset"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var other = SetOps.ToTable(ArgUnpack.Iterable(a[0], "1"), t);
            return StarlarkBool.Of(Ops.IsSubset(other, ((StarlarkSet)r!).Table));
        },
        ["pop"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var s = (StarlarkSet)r!;
            s.Table.CheckMutable("delete from");
            var slot = s.Table.FirstSlot();
            if (slot < 0)
            {
                throw new StarlarkError("empty set");
            }

            var v = s.Table.KeyAt(slot)!;
            s.Table.Remove(v, out var _);
            return v;
        },
        ["remove"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var s = (StarlarkSet)r!;
            if (!s.Table.Remove(a[0], out var _))
            {
                throw new StarlarkError("missing key");
            }

            return StarlarkNone.Instance;
        },
        ["symmetric_difference"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            return SetOps.SymmetricDifference((StarlarkSet)r!, ArgUnpack.Iterable(a[0], "1"), t);
        },
        ["union"] = (t, r, a, k) => Fold(t, r, a, k, SetOps.Union),
        ["update"] = (t, r, a, k) => FoldUpdate(t, r, a, k, SetOps.Union, "insert into"),
    };

    private static StarlarkValue Fold(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, Func<StarlarkSet, IEnumerable<StarlarkValue>, StarlarkThread, StarlarkSet> op)
    {
        // go.starlark.net's set_union, set_update, ...: their own texts for keyword and non-iterable arguments.
        if (k.Length > 0)
        {
            throw new StarlarkError("does not accept keyword arguments");
        }

        var result = SetOps.Union((StarlarkSet)r!, Array.Empty<StarlarkValue>(), t);
        for (var i = 0; i < a.Length; i++)
        {
            var items = Ops.Iterate(a[i]) ?? throw new StarlarkError("argument #" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " is not iterable: " + a[i].Type);
            result = op(result, items, t);
        }

        return result;
    }

    private static StarlarkValue FoldUpdate(StarlarkThread t, StarlarkValue? r, StarlarkValue[] a, KeyValuePair<string, StarlarkValue>[] k, Func<StarlarkSet, IEnumerable<StarlarkValue>, StarlarkThread, StarlarkSet> op, string verb)
    {
        var s = (StarlarkSet)r!;
        if (k.Length == 0)
        {
            s.Table.CheckMutable(verb);
        }

        var result = (StarlarkSet)Fold(t, r, a, k, op);
        Replace(s, result);
        return StarlarkNone.Instance;
    }

    private static void Replace(StarlarkSet s, StarlarkSet contents)
    {
        s.Table.Clear();
        foreach (var v in contents.Table.KeyList())
        {
            s.Table.InsertUnchecked(v, StarlarkNone.Instance);
        }
    }
}
