using CellNotebooks.Metrics;

namespace CellNotebooks.Runner.Eval;

/// <summary>
/// <c>cellnb eval profiling</c>: one row per profile (well or treatment) with metadata columns and features — a
/// Parquet list-of-float column (default <c>embedding</c>) or else every numeric column that is not a named metadata
/// column. Optional TVN (whitening on controls + per-batch CORAL); control rows are then removed. Reports 1-NN
/// matching (NSC, both NSCB rules, NSB) and same-label retrieval mAP (methods.md §3.3, §4.5).
/// </summary>
public static class ProfilingEval
{
    /// <summary>Options of one profiling evaluation.</summary>
    /// <param name="LabelColumn">Label to match (MoA).</param>
    /// <param name="CompoundColumn">Compound column (NSC/NSCB exclude same compound); null = each row its own compound.</param>
    /// <param name="BatchColumn">Batch column (NSCB, NSB, CORAL); for the batch-string rule its values are compared as strings.</param>
    /// <param name="ControlColumn">Column identifying controls (default: the compound column).</param>
    /// <param name="ControlValue">Value of <paramref name="ControlColumn"/> marking controls (DMSO).</param>
    /// <param name="Tvn">Apply TVN before matching.</param>
    /// <param name="FeatureColumn">Parquet vector column holding the features.</param>
    public sealed record Options(string LabelColumn, string? CompoundColumn = null, string? BatchColumn = null, string? ControlColumn = null,
        string ControlValue = "DMSO", bool Tvn = false, string FeatureColumn = "embedding");

    /// <summary>Scores the file.</summary>
    public static Dictionary<string, object?> Run(string path, Options o)
    {
        var table = EvalInputs.ReadTable(path);
        var frame = table.Frame;
        var labels = EvalInputs.Strings(frame, o.LabelColumn, path);
        int n = labels.Length;
        string[] compounds = o.CompoundColumn is null ? Enumerable.Range(0, n).Select(i => $"row{i}").ToArray() : EvalInputs.Strings(frame, o.CompoundColumn, path);
        string[]? batches = o.BatchColumn is null ? null : EvalInputs.Strings(frame, o.BatchColumn, path);
        string? controlColumn = o.ControlColumn ?? o.CompoundColumn;
        bool[] isControl = controlColumn is null ? new bool[n] : EvalInputs.Strings(frame, controlColumn, path).Select(v => v == o.ControlValue).ToArray();
        var profiles = Features(table, o, path);
        if (o.Tvn)
        {
            if (batches is null || controlColumn is null)
                throw new ArgumentException("--tvn needs --batch-col and controls (--control-col/--control-value, or --compound-col).");
            profiles = TypicalVariationNormalization.Apply(profiles, isControl, batches);
        }
        var keep = Enumerable.Range(0, n).Where(i => !isControl[i]).ToArray();
        var p = keep.Select(i => profiles[i]).ToArray();
        var l = keep.Select(i => labels[i]).ToArray();
        var c = keep.Select(i => compounds[i]).ToArray();
        var result = new Dictionary<string, object?>
        {
            ["profiles"] = p.Length,
            ["controls_removed"] = n - p.Length,
            ["labels"] = l.Distinct().Count(),
            ["features"] = p.Length == 0 ? 0 : p[0].Length,
            ["tvn"] = o.Tvn,
        };
        result[o.CompoundColumn is null ? "nn_accuracy" : "nsc"] = NearestNeighborMatching.Nsc(p, l, c).Accuracy;
        if (batches is not null)
        {
            var b = keep.Select(i => batches[i]).ToArray();
            var dp = NearestNeighborMatching.NscbBatchString(p, l, c, b);
            result["nscb"] = dp.Accuracy;
            result["nscb_dropped_labels"] = NearestNeighborMatching.SingleBatchLabels(l, b).Order(StringComparer.Ordinal).ToArray();
            result["nscb_unidino"] = NearestNeighborMatching.NscbSameBatchAndLabel(p, l, c, b).Accuracy;
            result["nsb"] = NearestNeighborMatching.Nsb(p, l, b).Accuracy;
        }
        var map = RetrievalMap.Compute(p, l, o.CompoundColumn is null ? null : (i, j) => c[i] == c[j]);
        result["map"] = map.MeanOverLabels;
        result["map_queries"] = map.MeanOverQueries;
        return result;
    }

    private static double[][] Features(Data.Tables.TableData table, Options o, string path)
    {
        if (table.Vectors.TryGetValue(o.FeatureColumn, out var vectors))
            return vectors.Select(v => v.Select(x => (double)x).ToArray()).ToArray();
        var meta = new HashSet<string?> { o.LabelColumn, o.CompoundColumn, o.BatchColumn, o.ControlColumn };
        var cols = table.Frame.Columns.Where(col => EvalInputs.IsNumeric(col) && !meta.Contains(col.Name)).ToList();
        if (cols.Count == 0)
            throw new InvalidDataException($"profiles '{path}' have no feature columns: give a Parquet vector column '{o.FeatureColumn}' or numeric columns.");
        int n = (int)table.Frame.Rows.Count;
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new double[cols.Count];
            for (int j = 0; j < cols.Count; j++) rows[i][j] = EvalInputs.Number(cols[j], i);
        }
        return rows;
    }
}
