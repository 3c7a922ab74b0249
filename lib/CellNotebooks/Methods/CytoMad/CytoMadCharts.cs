using CellNotebooks.Data.CytoMad;
using CellNotebooks.Notebooks;
using CellNotebooks.Plots;
using CellNotebooks.Training;
using Plotly.NET;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>The figures and tables of notebook 04, built from library results so the notebook cells stay one-liners.</summary>
public static class CytoMadCharts
{
    /// <summary>Brightfield | true QPI of one example cell per (cell type, batch), one row per cell type.</summary>
    public static GenericChart Examples(CytoMadCells cells, string title = "Brightfield | QPI per cell type and batch")
    {
        ArgumentNullException.ThrowIfNull(cells);
        var images = new List<float[,]>();
        var titles = new List<string>();
        foreach (var (c, b, i) in CytoMadData.Examples(cells))
        {
            string name = $"{cells.CellTypeNames[c]} {cells.BatchNames[b]}";
            images.Add(cells.Brightfield.ToArray2D(i));
            titles.Add($"{name} BF");
            images.Add(cells.Qpi.ToArray2D(i));
            titles.Add($"{name} QPI");
        }
        return ImageGrid.FromArrays(images, titles, columns: 2 * cells.BatchNames.Count, title: title);
    }

    /// <summary>
    /// Brightfield | true QPI | generated QPI of each stage, for one test cell per (cell type, batch); at most
    /// <paramref name="maxCells"/> cells. The brightfield is stretched on its own; the true and generated QPI of a cell
    /// share one grey scale, the true image's 1st–99th percentiles, so a wrong level or contrast shows (stretching
    /// each generated image on its own turned a nearly constant output into a field of amplified specks).
    /// </summary>
    public static GenericChart Generated(CytoMadCells test, IReadOnlyList<CytoMadStage> stages, int maxCells = 6,
        string title = "Brightfield | true QPI | generated QPI")
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(stages);
        var images = new List<string>();
        var titles = new List<string>();
        foreach (var (c, b, i) in CytoMadData.Examples(test).Take(maxCells))
        {
            string name = $"{test.CellTypeNames[c]} {test.BatchNames[b]}";
            var truth = test.Qpi.ToArray2D(i);
            var (low, high) = ImageRendering.PercentileRange(truth);
            images.Add(ImageRendering.Grey(test.Brightfield.ToArray2D(i)));
            titles.Add($"{name} BF");
            images.Add(ImageRendering.Grey(truth, low, high));
            titles.Add("true QPI");
            foreach (var s in stages)
            {
                images.Add(ImageRendering.Grey(s.Generated.ToArray2D(i), low, high));
                titles.Add(s.Scores.Stage);
            }
        }
        return ImageGrid.FromDataUris(images, titles, columns: 2 + stages.Count, title: title);
    }

    /// <summary>The before/after table: probe accuracies with their chance levels, then the image metrics; a last row marks chance.</summary>
    public static ResultTable Scores(IReadOnlyList<CytoMadScores> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new ResultTable("generator", "batch accuracy ↓", "cell-type accuracy ↑", "QPI MAE ↓", "QPI PSNR (dB) ↑", "QPI SSIM ↑")
        {
            Caption = "Linear probes on the 512-d features of held-out cells (fitted on the training cells); image metrics of generated vs true QPI",
        };
        foreach (var r in rows) table.Add(r.Stage, r.BatchAccuracy, r.CellTypeAccuracy, r.QpiMae, r.QpiPsnr, r.QpiSsim);
        if (rows.Count > 0) table.Add("chance (majority label)", rows[0].BatchChance, rows[0].CellTypeChance, null, null, null);
        return table;
    }

    /// <summary>
    /// Batch-0 vs uniform target: per stage, the share of generated test images the frozen phase-2 batch CNN assigns to
    /// each batch, its accuracy, and the re-fitted probe's batch accuracy.
    /// </summary>
    public static ResultTable BatchCnnShares(CytoMadCells test, IReadOnlyList<CytoMadStage> stages)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(stages);
        var columns = new List<string> { "generator" };
        columns.AddRange(test.BatchNames.Select(b => $"batch CNN → {b}"));
        columns.Add("batch CNN accuracy");
        columns.Add("re-fitted probe batch accuracy");
        var table = new ResultTable([.. columns])
        {
            Caption = "What the frozen batch CNN (trained on pre-trained outputs) says about generated test images, vs a probe re-fitted on the features",
        };
        foreach (var s in stages)
        {
            var row = new List<object?> { s.Scores.Stage };
            row.AddRange(Enumerable.Range(0, test.BatchNames.Count).Select(b => (object?)s.BatchCnnShare(b)));
            row.Add(s.BatchCnnAccuracy(test.Batch));
            row.Add(s.Scores.BatchAccuracy);
            table.Add([.. row]);
        }
        return table;
    }

    /// <summary>The phase-3 objective's terms in use (upstream order).</summary>
    public static readonly IReadOnlyList<string> RemovalTerms =
        ["g_adv", "cnn_cell_ce", "nn_cell_ce", "cnn_batch_ce", "nn_batch_ce_1", "nn_batch_ce_2", "nn_batch_ce_3", "nn_batch_ce_4", "g_l1"];

    /// <summary>
    /// Training accuracy of the freshly fitted batch NNs at every re-draw (mean of the four), one line per run, against
    /// the chance level: the batch information the next critics can still find in the features. It falls only when the
    /// generator removes batch information rather than fooling the critics it was trained against.
    /// </summary>
    public static GenericChart RedrawAccuracies(IReadOnlyList<(string Label, CytoMadTrainer Trainer)> runs, double chance,
        string title = "Fresh batch NNs at each re-draw")
    {
        ArgumentNullException.ThrowIfNull(runs);
        var curves = new LossHistory();
        var steps = new SortedSet<int>();
        foreach (var (label, trainer) in runs)
        {
            var draws = Enumerable.Range(1, 4).Select(k => $"batch_nn_acc_{k}").Where(trainer.History.Names.Contains)
                .SelectMany(trainer.History.Series).GroupBy(p => p.Step).OrderBy(g => g.Key);
            foreach (var draw in draws)
            {
                curves.Add(draw.Key, label, draw.Average(p => p.Value));
                steps.Add(draw.Key);
            }
        }
        foreach (var step in steps) curves.Add(step, "chance", chance);
        return LossCurveChart.Create(curves, title: title, yTitle: "training accuracy (mean of 4 NNs)");
    }

    /// <summary>
    /// Per-loss curves of the batch-removal phase: each unweighted term of the composite objective from step
    /// <paramref name="fromStep"/> on (the trainer's history also holds the pre-training steps), log scale.
    /// </summary>
    public static GenericChart RemovalLosses(CytoMadTrainer trainer, int fromStep, string title = "Batch-removal phase: loss terms")
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var phase3 = new LossHistory();
        foreach (var name in RemovalTerms.Where(trainer.History.Names.Contains))
            foreach (var (step, value) in trainer.History.Series(name).Where(p => p.Step >= fromStep))
                phase3.Add(step, name, value);
        return LossCurveChart.Create(phase3, title: title, yTitle: "unweighted term", logY: true);
    }
}
