using CellNotebooks.Data.Clanet;
using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.Clanet;
using CellNotebooks.Notebooks;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// The patches CLANet's DINO stage trains on and describes (methods.md §1.3–1.4), from a preset's workspace: the demo
/// brightfield flasks (<c>clanet/flasks</c>, generated when missing) or a real data set, stage-1 patch tables
/// (<c>clanet/patches</c>, computed when missing — the batch processor reuses finished batches, so notebook 01's
/// results are picked up) and the patch pixels (N×1×P×P uint8, 12.5 kB per 112-px patch). Training follows
/// upstream's <c>Cell_masked_patches(train=True)</c>: all lines and batches (transductive), the first 7 flask positions
/// per batch, the first 10 regions per image; features are computed for all regions.
/// </summary>
public sealed class ClanetDinoData : IDisposable
{
    private ClanetDinoData(string root, IReadOnlyList<PatchRecord> patches, Tensor gray)
    {
        DatasetRoot = root;
        Patches = patches;
        Gray = gray;
        Lines = [.. patches.Select(p => p.Line).Distinct().Order(StringComparer.Ordinal)];
        var index = Lines.Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i);
        LineLabels = [.. patches.Select(p => index[p.Line])];
    }

    /// <summary>Folder holding <c>Cell_lines/</c>.</summary>
    public string DatasetRoot { get; }

    /// <summary>Patch rows in table order.</summary>
    public IReadOnlyList<PatchRecord> Patches { get; }

    /// <summary>Patch pixels, N×1×P×P uint8, in <see cref="Patches"/> order.</summary>
    public Tensor Gray { get; }

    /// <summary>Cell lines, sorted.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Per patch, the index of its line in <see cref="Lines"/>.</summary>
    public int[] LineLabels { get; }

    /// <summary>Number of patches.</summary>
    public int Count => Patches.Count;

    /// <summary>
    /// Loads (producing when missing) the patches of a preset. Smoke and demo use the generated flasks; paper needs
    /// <paramref name="datasetRoot"/> (the folder holding <c>Cell_lines/</c> of AZGCB-BFID).
    /// <paramref name="maxRegionsPerImage"/> keeps only the best-ranked windows of each image (memory).
    /// </summary>
    public static ClanetDinoData Ensure(Preset preset, int seed = 0, string? datasetRoot = null, int maxRegionsPerImage = 20)
    {
        var ws = Workspace.For(preset);
        if (datasetRoot is null)
        {
            if (preset == Preset.Paper)
                throw new ArgumentException("The paper preset needs the real CLANet images: pass datasetRoot (the folder holding Cell_lines/).", nameof(datasetRoot));
            datasetRoot = ws.Folder("clanet", "flasks");
            BrightfieldFlaskGenerator.Ensure(datasetRoot, BrightfieldFlaskOptions.For(preset) with { Seed = seed });
        }
        var patchOptions = PatchSelectionOptions.For(preset);
        var run = new PatchSelectionBatchProcessor(patchOptions).Run(datasetRoot, ws.Folder("clanet", "patches"));
        var rows = run.LoadPatches().Where(r => r.Rank < maxRegionsPerImage).ToList();
        if (rows.Count == 0) throw new InvalidDataException($"No patches were selected from '{datasetRoot}'.");
        return new ClanetDinoData(datasetRoot, rows, PatchTensors.LoadGray(rows, datasetRoot, patchOptions));
    }

    /// <summary>Wraps already loaded rows and pixels (tests, custom data).</summary>
    public static ClanetDinoData From(IReadOnlyList<PatchRecord> rows, Tensor gray, string datasetRoot = "")
    {
        if (gray.dim() != 4 || gray.shape[0] != rows.Count || gray.shape[1] != 1)
            throw new ArgumentException($"Expected {rows.Count}×1×P×P patch pixels, got [{string.Join("×", gray.shape)}].");
        return new ClanetDinoData(datasetRoot, rows, gray);
    }

    /// <summary>
    /// Indices of upstream's DINO training patches: images of the first <paramref name="positions"/> flask positions
    /// (natural order) of each batch, regions ranked below <paramref name="regionsPerImage"/>.
    /// </summary>
    public int[] TrainingIndices(int positions = 7, int regionsPerImage = 10)
    {
        var keep = Patches.GroupBy(p => (p.Line, p.Batch))
            .SelectMany(g => g.Select(p => p.Position).Distinct().Order(NaturalOrder.Instance).Take(positions).Select(pos => (g.Key.Line, g.Key.Batch, pos)))
            .ToHashSet();
        return [.. Enumerable.Range(0, Count).Where(i => Patches[i].Rank < regionsPerImage && keep.Contains((Patches[i].Line, Patches[i].Batch, Patches[i].Position)))];
    }

    /// <summary>
    /// A cross-batch split for evaluation: patches of each line's last batch are held out (test), the others are the
    /// kNN reference set (train); only regions ranked below <paramref name="regionsPerImage"/>.
    /// </summary>
    public (int[] Train, int[] Test) SplitByLastBatch(int regionsPerImage = 20)
    {
        var last = Patches.GroupBy(p => p.Line).ToDictionary(g => g.Key, g => g.Max(p => p.Batch));
        var idx = Enumerable.Range(0, Count).Where(i => Patches[i].Rank < regionsPerImage).ToList();
        return ([.. idx.Where(i => Patches[i].Batch != last[Patches[i].Line])], [.. idx.Where(i => Patches[i].Batch == last[Patches[i].Line])]);
    }

    /// <summary>
    /// Patches as an N×3×s×s float tensor in [0, 1] (grey replicated, as upstream), resized with antialiased bilinear
    /// interpolation when <paramref name="size"/> differs from the patch size (0 = keep).
    /// </summary>
    public Tensor Batch(IReadOnlyList<int> indices, int size = 0)
    {
        using var scope = torch.NewDisposeScope();
        var idx = torch.tensor(indices.Select(i => (long)i).ToArray());
        var rgb = PatchTensors.ToFloatRgb(Gray.index(idx));                                   // N×3×P×P
        if (size > 0 && size != rgb.shape[^1])
            rgb = nn.functional.interpolate(rgb, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true).clamp(0, 1);
        return rgb.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pixel baseline features: each patch resized to <paramref name="size"/> px, one grey channel, flattened; with
    /// <paramref name="standardise"/> each patch is scaled to zero mean and unit standard deviation first (the
    /// baseline matching a ViT with <see cref="CellNotebooks.Nn.VitConfig.StandardiseEachImage"/>).
    /// </summary>
    public float[][] PixelFeatures(IReadOnlyList<int> indices, int size, bool standardise = false)
    {
        using var scope = torch.NewDisposeScope();
        var grey = Batch(indices, size).narrow(1, 0, 1).flatten(1);                            // N×s²
        if (standardise) grey = (grey - grey.mean([1], keepdim: true)) / (grey.std([1], keepdim: true) + 1e-6);
        return DinoFeatures.ToArrays(grey);
    }

    /// <inheritdoc/>
    public void Dispose() => Gray.Dispose();
}
