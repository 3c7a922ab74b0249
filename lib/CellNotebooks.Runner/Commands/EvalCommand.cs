using System.CommandLine;
using CellNotebooks.Metrics;
using CellNotebooks.Runner.Eval;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb eval classification|profiling|segmentation</c>: scores predictions made anywhere with the workbook's
/// metric definitions; prints JSON (snake-case keys) on stdout and a table on stderr.
/// </summary>
public sealed class EvalCommand : ICellnbCommand
{
    /// <inheritdoc/>
    public Command Create()
    {
        var json = new Option<FileInfo?>("--json") { Description = "Also write the JSON to this file.", Recursive = true };
        var command = new Command("eval", "Score predictions: classification, profiling or segmentation metrics as JSON.") { json };

        var scores = new Option<FileInfo>("--scores") { Description = "CSV/Parquet: one numeric column per class (header = class names), one row per sample.", Required = true };
        var labels = new Option<FileInfo>("--labels") { Description = "CSV/Parquet with the true class name per row.", Required = true };
        var labelCol = new Option<string>("--label-col") { Description = "Label column (default: label).", DefaultValueFactory = _ => "label" };
        var groupCol = new Option<string?>("--group-col") { Description = "Also score groups (e.g. CLANet batch_token): mean probabilities, majority label." };
        var excludeAbsent = new Option<bool>("--auc-exclude-absent") { Description = "Average AUC over classes present in the labels instead of failing like scikit-learn." };
        var classification = new Command("classification", "Top-1/3/5 accuracy, macro F1, one-vs-rest macro ROC AUC (CLANet / scikit-learn).")
            { scores, labels, labelCol, groupCol, excludeAbsent };
        classification.SetAction(parse => Guard(() => EvalOutput.Print("classification", ClassificationEval.Run(
            parse.GetValue(scores)!.FullName, parse.GetValue(labels)!.FullName, parse.GetValue(labelCol)!, parse.GetValue(groupCol),
            parse.GetValue(excludeAbsent) ? AbsentClassPolicy.Exclude : AbsentClassPolicy.Throw), parse.GetValue(json))));

        var profiles = new Option<FileInfo>("--profiles") { Description = "CSV/Parquet, one row per profile: metadata and features.", Required = true };
        var pLabel = new Option<string>("--label-col") { Description = "Label to match, e.g. moa.", Required = true };
        var compound = new Option<string?>("--compound-col") { Description = "Compound column (NSC excludes same compound)." };
        var batch = new Option<string?>("--batch-col") { Description = "Batch column (NSCB, NSB, CORAL)." };
        var controlCol = new Option<string?>("--control-col") { Description = "Column marking controls (default: --compound-col)." };
        var controlValue = new Option<string>("--control-value") { Description = "Control value (default: DMSO).", DefaultValueFactory = _ => "DMSO" };
        var tvn = new Option<bool>("--tvn") { Description = "Apply TVN (whitening on controls + per-batch CORAL) first." };
        var feature = new Option<string>("--feature-col") { Description = "Parquet vector column with the features (default: embedding).", DefaultValueFactory = _ => "embedding" };
        var profiling = new Command("profiling", "1-NN NSC / NSCB / NSB accuracy and same-label retrieval mAP (cosine).")
            { profiles, pLabel, compound, batch, controlCol, controlValue, tvn, feature };
        profiling.SetAction(parse => Guard(() => EvalOutput.Print("profiling", ProfilingEval.Run(parse.GetValue(profiles)!.FullName,
            new ProfilingEval.Options(parse.GetValue(pLabel)!, parse.GetValue(compound), parse.GetValue(batch), parse.GetValue(controlCol),
                parse.GetValue(controlValue)!, parse.GetValue(tvn), parse.GetValue(feature)!)), parse.GetValue(json))));

        var truth = new Option<DirectoryInfo>("--truth") { Description = "Folder of ground-truth label maps (PNG/TIFF).", Required = true };
        var pred = new Option<DirectoryInfo>("--pred") { Description = "Folder of predicted label maps, same file names.", Required = true };
        var segmentation = new Command("segmentation", "AP@0.5…0.95 (optimal and ImPartial greedy), P/R/F1/PQ, AJI, Jaccard, Dice.") { truth, pred };
        segmentation.SetAction(parse => Guard(() => EvalOutput.Print("segmentation",
            SegmentationEval.Run(parse.GetValue(truth)!.FullName, parse.GetValue(pred)!.FullName), parse.GetValue(json))));

        command.Subcommands.Add(classification);
        command.Subcommands.Add(profiling);
        command.Subcommands.Add(segmentation);
        return command;
    }

    private static int Guard(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or Imaging.ImageFormatException)
        {
            Console.Error.WriteLine($"cellnb eval: {e.Message}");
            return 1;
        }
    }
}
