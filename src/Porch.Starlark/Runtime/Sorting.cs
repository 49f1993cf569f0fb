namespace Porch.Starlark.Runtime;

/// <summary>
/// Go's <c>sort.Stable</c> (insertion sort of blocks of 20, then <c>symMerge</c>), as go.starlark.net's
/// <c>sorted</c> runs it: the same comparisons in the same order, so a failing comparison reports the same operands.
/// </summary>
internal static class Sorting
{
    public static void StableSort<T>(T[] data, Func<T, T, bool> less)
    {
        var n = data.Length;
        bool Less(int i, int j) => less(data[i], data[j]);
        void Swap(int i, int j) => (data[i], data[j]) = (data[j], data[i]);

        var blockSize = 20;
        int a = 0, b = blockSize;
        while (b <= n)
        {
            InsertionSort(Less, Swap, a, b);
            a = b;
            b += blockSize;
        }

        InsertionSort(Less, Swap, a, n);
        while (blockSize < n)
        {
            a = 0;
            b = 2 * blockSize;
            while (b <= n)
            {
                SymMerge(Less, Swap, a, a + blockSize, b);
                a = b;
                b += 2 * blockSize;
            }

            var m = a + blockSize;
            if (m < n)
            {
                SymMerge(Less, Swap, a, m, n);
            }

            blockSize *= 2;
        }
    }

    private static void InsertionSort(Func<int, int, bool> less, Action<int, int> swap, int a, int b)
    {
        for (var i = a + 1; i < b; i++)
        {
            for (var j = i; j > a && less(j, j - 1); j--)
            {
                swap(j, j - 1);
            }
        }
    }

    private static void SymMerge(Func<int, int, bool> less, Action<int, int> swap, int a, int m, int b)
    {
        if (m - a == 1)
        {
            int i = m, j = b;
            while (i < j)
            {
                var h = (int)((uint)(i + j) >> 1);
                if (less(h, a))
                {
                    i = h + 1;
                }
                else
                {
                    j = h;
                }
            }

            for (var k = a; k < i - 1; k++)
            {
                swap(k, k + 1);
            }

            return;
        }

        if (b - m == 1)
        {
            int i = a, j = m;
            while (i < j)
            {
                var h = (int)((uint)(i + j) >> 1);
                if (!less(m, h))
                {
                    i = h + 1;
                }
                else
                {
                    j = h;
                }
            }

            for (var k = m; k > i; k--)
            {
                swap(k, k - 1);
            }

            return;
        }

        var mid = (int)((uint)(a + b) >> 1);
        var n = mid + m;
        int start, r;
        if (m > mid)
        {
            start = n - b;
            r = mid;
        }
        else
        {
            start = a;
            r = m;
        }

        var p = n - 1;
        while (start < r)
        {
            var c = (int)((uint)(start + r) >> 1);
            if (!less(p - c, c))
            {
                start = c + 1;
            }
            else
            {
                r = c;
            }
        }

        var end = n - start;
        if (start < m && m < end)
        {
            Rotate(swap, start, m, end);
        }

        if (a < start && start < mid)
        {
            SymMerge(less, swap, a, start, mid);
        }

        if (mid < end && end < b)
        {
            SymMerge(less, swap, mid, end, b);
        }
    }

    private static void Rotate(Action<int, int> swap, int a, int m, int b)
    {
        var i = m - a;
        var j = b - m;
        while (i != j)
        {
            if (i > j)
            {
                SwapRange(swap, m - i, m, j);
                i -= j;
            }
            else
            {
                SwapRange(swap, m - i, m + j - i, i);
                j -= i;
            }
        }

        SwapRange(swap, m - i, m, i);
    }

    private static void SwapRange(Action<int, int> swap, int a, int b, int n)
    {
        for (var i = 0; i < n; i++)
        {
            swap(a + i, b + i);
        }
    }
}
