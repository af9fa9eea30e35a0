namespace Injector.Kube.Patch;

/// <summary>
/// The shortest edit script between two id sequences (Myers' O((N+M)·D) algorithm, after trimming the common
/// prefix and suffix). Equal ids are kept, others deleted from <c>a</c> or inserted from <c>b</c>. Past
/// <see cref="MaxEdits"/> differences the work would grow too much, so the middle is paired by position instead
/// (each position a keep when equal, otherwise a delete and an insert), which is linear.
/// </summary>
internal static class EditScript
{
    public const int MaxEdits = 128;

    public enum Kind : byte { Keep, Delete, Insert }

    public readonly record struct Step(Kind Kind, int A, int B);

    public static List<Step> Compute(int[] a, int[] b)
    {
        var steps = new List<Step>(Math.Max(a.Length, b.Length));
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix]) suffix++;
        for (var i = 0; i < prefix; i++) steps.Add(new Step(Kind.Keep, i, i));
        var aEnd = a.Length - suffix;
        var bEnd = b.Length - suffix;
        if (!Myers(a, b, prefix, aEnd, prefix, bEnd, steps)) ByPosition(a, b, prefix, aEnd, prefix, bEnd, steps);
        for (var i = 0; i < suffix; i++) steps.Add(new Step(Kind.Keep, aEnd + i, bEnd + i));
        return steps;
    }

    private static void ByPosition(int[] a, int[] b, int a0, int a1, int b0, int b1, List<Step> steps)
    {
        var n = a1 - a0;
        var m = b1 - b0;
        for (var i = 0; i < Math.Min(n, m); i++)
        {
            if (a[a0 + i] == b[b0 + i])
            {
                steps.Add(new Step(Kind.Keep, a0 + i, b0 + i));
            }
            else
            {
                steps.Add(new Step(Kind.Delete, a0 + i, -1));
                steps.Add(new Step(Kind.Insert, -1, b0 + i));
            }
        }
        for (var i = m; i < n; i++) steps.Add(new Step(Kind.Delete, a0 + i, -1));
        for (var j = n; j < m; j++) steps.Add(new Step(Kind.Insert, -1, b0 + j));
    }

    // Greedy forward search; the furthest-reaching x per diagonal is saved for each d (O(D²) memory) to walk back.
    private static bool Myers(int[] a, int[] b, int a0, int a1, int b0, int b1, List<Step> steps)
    {
        var n = a1 - a0;
        var m = b1 - b0;
        if (n == 0 && m == 0) return true;
        var maxD = Math.Min(n + m, MaxEdits);
        var offset = maxD + 1;
        var v = new int[2 * maxD + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= maxD; d++)
        {
            var snapshot = new int[2 * d + 1];
            for (var k = -d; k <= d; k += 2)
            {
                int x;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
                else x = v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[a0 + x] == b[b0 + y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                snapshot[k + d] = x;
                if (x >= n && y >= m)
                {
                    trace.Add(snapshot);
                    Backtrack(trace, n, m, a0, b0, steps);
                    return true;
                }
            }
            trace.Add(snapshot);
        }
        return false;
    }

    private static void Backtrack(List<int[]> trace, int n, int m, int a0, int b0, List<Step> steps)
    {
        var reversed = new List<Step>();
        var x = n;
        var y = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d - 1];
            var k = x - y;
            int X(int kk) => previous[kk + d - 1];
            var prevK = k == -d || (k != d && X(k - 1) < X(k + 1)) ? k + 1 : k - 1;
            var prevX = X(prevK);
            var prevY = prevX - prevK;
            while (x > prevX && y > prevY)
            {
                reversed.Add(new Step(Kind.Keep, a0 + x - 1, b0 + y - 1));
                x--;
                y--;
            }
            if (x == prevX) reversed.Add(new Step(Kind.Insert, -1, b0 + y - 1));
            else reversed.Add(new Step(Kind.Delete, a0 + x - 1, -1));
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0)
        {
            reversed.Add(new Step(Kind.Keep, a0 + x - 1, b0 + y - 1));
            x--;
            y--;
        }
        for (var i = reversed.Count - 1; i >= 0; i--) steps.Add(reversed[i]);
    }
}
