namespace Porch.Starlark.Runtime;

/// <summary>A stable merge sort whose comparison may throw Starlark errors (which must propagate unchanged).</summary>
internal static class Sorting
{
    public static void StableSort<T>(T[] items, Func<T, T, int> compare)
    {
        if (items.Length < 2)
        {
            return;
        }

        var buffer = new T[items.Length];
        Sort(items, buffer, 0, items.Length, compare);
    }

    private static void Sort<T>(T[] a, T[] buf, int lo, int hi, Func<T, T, int> compare)
    {
        if (hi - lo <= 12)
        {
            for (var i = lo + 1; i < hi; i++)
            {
                var x = a[i];
                var j = i - 1;
                while (j >= lo && compare(a[j], x) > 0)
                {
                    a[j + 1] = a[j];
                    j--;
                }

                a[j + 1] = x;
            }

            return;
        }

        var mid = (lo + hi) / 2;
        Sort(a, buf, lo, mid, compare);
        Sort(a, buf, mid, hi, compare);
        if (compare(a[mid - 1], a[mid]) <= 0)
        {
            return;
        }

        Array.Copy(a, lo, buf, lo, hi - lo);
        int p = lo, q = mid, k = lo;
        while (p < mid && q < hi)
        {
            a[k++] = compare(buf[q], buf[p]) < 0 ? buf[q++] : buf[p++];
        }

        while (p < mid)
        {
            a[k++] = buf[p++];
        }

        while (q < hi)
        {
            a[k++] = buf[q++];
        }
    }
}
