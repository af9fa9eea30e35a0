namespace Injector.Kube.StrategicMerge;

/// <summary>
/// Go's <c>sort.SliceStable</c>: insertion sort over blocks of 20, then SymMerge (Kim and Kutzner) of doubling runs,
/// rotations done by swapping ranges. apimachinery sorts with a "less" that answers true whenever either element is
/// missing from the order it sorts by, which is no ordering at all, so the result then depends on exactly which
/// comparisons and swaps happen; doing the same ones gives the same result. Recursion is logarithmic in the length.
/// </summary>
internal static class GoStableSort
{
    private const int BlockSize = 20;

    public static void Sort<T>(List<T> data, Func<T, T, bool> less)
    {
        var sorter = new Sorter<T>(data, less);
        var n = data.Count;
        var a = 0;
        var b = BlockSize;
        while (b <= n)
        {
            sorter.InsertionSort(a, b);
            a = b;
            b += BlockSize;
        }
        sorter.InsertionSort(a, n);

        for (var block = BlockSize; block < n; block *= 2)
        {
            a = 0;
            b = 2 * block;
            while (b <= n)
            {
                sorter.SymMerge(a, a + block, b);
                a = b;
                b += 2 * block;
            }
            var m = a + block;
            if (m < n) sorter.SymMerge(a, m, n);
        }
    }

    private readonly struct Sorter<T>(List<T> data, Func<T, T, bool> less)
    {
        private bool Less(int i, int j) => less(data[i], data[j]);

        private void Swap(int i, int j) => (data[i], data[j]) = (data[j], data[i]);

        public void InsertionSort(int a, int b)
        {
            for (var i = a + 1; i < b; i++)
            {
                for (var j = i; j > a && Less(j, j - 1); j--) Swap(j, j - 1);
            }
        }

        /// <summary>Merges the sorted runs [a, m) and [m, b); assumes a &lt; m &lt; b.</summary>
        public void SymMerge(int a, int m, int b)
        {
            if (m - a == 1)
            {
                // One element on the left: binary search its place in the right run, then shift it there.
                int i = m, j = b;
                while (i < j)
                {
                    var h = (int)((uint)(i + j) >> 1);
                    if (Less(h, a)) i = h + 1;
                    else j = h;
                }
                for (var k = a; k < i - 1; k++) Swap(k, k + 1);
                return;
            }
            if (b - m == 1)
            {
                int i = a, j = m;
                while (i < j)
                {
                    var h = (int)((uint)(i + j) >> 1);
                    if (!Less(m, h)) i = h + 1;
                    else j = h;
                }
                for (var k = m; k > i; k--) Swap(k, k - 1);
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
                if (!Less(p - c, c)) start = c + 1;
                else r = c;
            }
            var end = n - start;
            if (start < m && m < end) Rotate(start, m, end);
            if (a < start && start < mid) SymMerge(a, start, mid);
            if (mid < end && end < b) SymMerge(mid, end, b);
        }

        /// <summary>Turns blocks u = [a, m) and v = [m, b) into v u.</summary>
        private void Rotate(int a, int m, int b)
        {
            var i = m - a;
            var j = b - m;
            while (i != j)
            {
                if (i > j)
                {
                    SwapRange(m - i, m, j);
                    i -= j;
                }
                else
                {
                    SwapRange(m - i, m + j - i, i);
                    j -= i;
                }
            }
            SwapRange(m - i, m, i);
        }

        private void SwapRange(int a, int b, int n)
        {
            for (var i = 0; i < n; i++) Swap(a + i, b + i);
        }
    }
}
