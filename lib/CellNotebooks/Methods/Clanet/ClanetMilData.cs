using CellNotebooks.Methods.Dino;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// The input of CLANet's MIL stage: bags built from a patch-feature table (notebook 02's output, or the upstream
/// <c>patch_features</c> converted to it), the class list and where the images live (to draw attention back onto them).
/// </summary>
/// <param name="Classes">Cell-line names; the index is the class id.</param>
/// <param name="Bags">One bag per flask-position sequence (see <see cref="BagBuilder"/>).</param>
/// <param name="Dim">Instance embedding size of the features.</param>
/// <param name="FeaturePath">The Parquet table the bags were built from.</param>
/// <param name="DatasetRoot">Folder holding <c>Cell_lines/</c> (image paths in <see cref="PatchSource"/> are relative to it).</param>
public sealed record ClanetMilData(IReadOnlyList<string> Classes, IReadOnlyList<SequenceBag> Bags, int Dim, string FeaturePath, string DatasetRoot)
{
    /// <summary>
    /// Builds bags from <paramref name="featurePath"/>. <paramref name="classes"/> defaults to the lines present, in
    /// ordinal order (pass upstream's <c>train_32class_batch_idx.txt</c> for the real data so class ids match).
    /// </summary>
    public static ClanetMilData Load(string featurePath, MilOptions options, string datasetRoot, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(featurePath)) throw new FileNotFoundException($"Patch-feature table '{featurePath}' does not exist (run notebook 02 or DinoFeatureExport.Ensure).", featurePath);
        var patches = DinoPatchFeatureTable.Read(featurePath);
        if (patches.Count == 0) throw new InvalidDataException($"Patch-feature table '{featurePath}' has no rows.");
        classes ??= patches.Select(p => p.Line).Distinct().Order(StringComparer.Ordinal).ToList();
        var bags = BagBuilder.Build(patches, classes, options);
        if (bags.Count == 0)
            throw new InvalidDataException($"'{featurePath}': no sequence has {options.MinSequenceLength} images with {options.PatchesPerImage} patches each.");
        return new ClanetMilData(classes, bags, patches[0].Feature.Length, featurePath, datasetRoot);
    }

    /// <summary>
    /// The bags of a preset's demo flasks: features from notebook 02 when it ran for this preset, otherwise produced
    /// now (<see cref="DinoFeatureExport.Ensure"/>: stage-1 patches, DINO training, feature export).
    /// </summary>
    public static ClanetMilData Ensure(Preset preset, MilOptions options, int seed = 0, Action<string>? log = null)
    {
        var path = DinoFeatureExport.Ensure(preset, seed, log: log);
        return Load(path, options, Workspace.For(preset).Folder("clanet", "flasks"));
    }

    /// <summary>The options adapted to this data: instance size and number of classes.</summary>
    public MilOptions Adapt(MilOptions options) => options with { InputDim = Dim, NumClasses = Classes.Count };

    /// <summary>One row per (line, batch): sequences and frames, for a first look at the data.</summary>
    public ResultTable Summary()
    {
        var table = new ResultTable("line", "batch", "sequences", "frames (mean)", "hours (max)");
        foreach (var g in Bags.GroupBy(b => (b.Line, b.Batch)))
            table.Add(g.Key.Line, g.Key.Batch, g.Count(), g.Average(b => b.Frames), g.Max(b => b.TimesHours[^1]));
        return table;
    }
}
