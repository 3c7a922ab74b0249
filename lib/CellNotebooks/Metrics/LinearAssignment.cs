namespace CellNotebooks.Metrics;

/// <summary>
/// Minimum-cost rectangular assignment (the Hungarian method in its shortest-augmenting-path form, O(n²·m)), the
/// role <c>scipy.optimize.linear_sum_assignment</c> plays in StarDist and Cellpose matching. Every row of the
/// smaller side is assigned to a distinct element of the larger side. Among assignments of equal total cost the one
/// returned may differ from scipy's: the true-positive count is the same for every optimal assignment of the
/// matching cost, and only the matched-IoU sum (panoptic quality) could differ in such an exact tie.
/// </summary>
public static class LinearAssignment
{
    /// <summary>
    /// Solves min Σ cost[i, assignment[i]] over injective assignments of rows to columns (or columns to rows when
    /// there are more rows). Returns, per row, the assigned column or −1 when the row is left unassigned.
    /// </summary>
    public static int[] Solve(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        if (rows == 0 || cols == 0) return Enumerable.Repeat(-1, rows).ToArray();
        foreach (var v in cost)
            if (!double.IsFinite(v)) throw new ArgumentException("assignment costs must be finite.");
        if (rows <= cols) return SolveWide(cost, rows, cols, transposed: false);
        // More rows than columns: solve the transpose and invert.
        var byCol = SolveWide(cost, cols, rows, transposed: true);
        var result = Enumerable.Repeat(-1, rows).ToArray();
        for (int c = 0; c < cols; c++) if (byCol[c] >= 0) result[byCol[c]] = c;
        return result;
    }

    // n ≤ m; a[i, j] = cost (or its transpose); 1-based potentials u, v; p[j] = row matched to column j.
    private static int[] SolveWide(double[,] cost, int n, int m, bool transposed)
    {
        double A(int i, int j) => transposed ? cost[j - 1, i - 1] : cost[i - 1, j - 1];
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    double cur = A(i0, j) - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assignment = Enumerable.Repeat(-1, n).ToArray();
        for (int j = 1; j <= m; j++) if (p[j] != 0) assignment[p[j] - 1] = j - 1;
        return assignment;
    }
}
