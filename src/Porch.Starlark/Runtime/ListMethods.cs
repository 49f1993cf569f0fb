namespace Porch.Starlark.Runtime;

/// <summary>Methods of <c>list</c>.</summary>
internal static class ListMethods
{
    public static readonly Dictionary<string, BuiltinImpl> Table = new(StringComparer.Ordinal)
    {
        ["append"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var l = (StarlarkList)r!;
            l.CheckMutable("append to");
            t.Charge(8);
            l.Items.Add(a[0]);
            return StarlarkNone.Instance;
        },
        ["clear"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 0);
            var l = (StarlarkList)r!;
            l.CheckMutable("clear");
            l.Items.Clear();
            return StarlarkNone.Instance;
        },
        ["extend"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var l = (StarlarkList)r!;
            l.CheckMutable("extend");
            var items = a[0] is StarlarkList other ? other.Items.ToArray() : ArgUnpack.Iterable(a[0], "1").ToArray();
            t.Charge(8L * items.Length);
            l.Items.AddRange(items);
            return StarlarkNone.Instance;
        },
        ["index"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 3);
            var l = (StarlarkList)r!;
            var (start, end) = ArgUnpack.Range(a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null, l.Count);
            for (var i = start; i < end; i++)
            {
                if (Ops.Equal(l.Items[i], a[0]))
                {
                    return StarlarkInt.Of(i);
                }
            }

            throw new StarlarkError("value not in list");
        },
        ["insert"] = (t, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 2, 2);
            var l = (StarlarkList)r!;
            l.CheckMutable("insert into");
            var i = ArgUnpack.Int(a[0], "index");
            if (i < 0)
            {
                i += l.Count;
            }

            t.Charge(8);
            l.Items.Insert((int)Math.Clamp(i, 0, l.Count), a[1]);
            return StarlarkNone.Instance;
        },
        ["pop"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 0, 1);
            var l = (StarlarkList)r!;
            l.CheckMutable("pop from");
            var i = a.Length == 0 ? -1 : ArgUnpack.Int(a[0], "index");
            var orig = i;
            if (i < 0)
            {
                i += l.Count;
            }

            if (i < 0 || i >= l.Count)
            {
                throw Ops.OutOfRange(orig, l.Count, l);
            }

            var v = l.Items[(int)i];
            l.Items.RemoveAt((int)i);
            return v;
        },
        ["remove"] = (_, r, a, k) =>
        {
            ArgUnpack.Positional(a, k, 1, 1);
            var l = (StarlarkList)r!;
            l.CheckMutable("remove from");
            for (var i = 0; i < l.Items.Count; i++)
            {
                if (Ops.Equal(l.Items[i], a[0]))
                {
                    l.Items.RemoveAt(i);
                    return StarlarkNone.Instance;
                }
            }

            throw new StarlarkError("element not found");
        },
    };
}
