using CellNotebooks.Data.Demo;
using CellNotebooks.Data.ImPartial;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// The images of notebook 07, split as the issue asks: train on image0–image2 (simulated scribbles only), evaluate on
/// image4 (full ground truth), show image3 (no labels) as inference only. The real Vectra set is used when its data
/// manifest resolves (<see cref="VectraData.Locate"/>); otherwise <see cref="SegmentationDemo"/> writes five images
/// of the same layout and channel order into the workspace (once) and they are read through the same readers.
/// </summary>
public sealed class ImPartialDataSet
{
    private ImPartialDataSet(string folder, bool isReal, IReadOnlyList<ImPartialImage> train, ImPartialImage test, ImPartialImage unlabelled)
    {
        Folder = folder;
        IsReal = isReal;
        Train = train;
        Test = test;
        Unlabelled = unlabelled;
    }

    /// <summary>The datastore folder the images were read from.</summary>
    public string Folder { get; }

    /// <summary>True for the real Vectra images, false for generated demo images.</summary>
    public bool IsReal { get; }

    /// <summary>A one-line description of the source.</summary>
    public string Source => IsReal
        ? $"real Vectra images (manifest {VectraData.ManifestName}) in {Folder}"
        : $"generated SegmentationDemo images (the Vectra manifest did not resolve) in {Folder}";

    /// <summary>Training images (image0–image2), with ground truth used only to simulate scribbles.</summary>
    public IReadOnlyList<ImPartialImage> Train { get; }

    /// <summary>Held-out evaluation image (image4, full ground truth).</summary>
    public ImPartialImage Test { get; }

    /// <summary>The unlabelled image (image3), inference only.</summary>
    public ImPartialImage Unlabelled { get; }

    /// <summary>The channel holding the nuclear stain (both sources).</summary>
    public int NucleusChannel => VectraData.NucleusChannel;

    /// <summary>Short name of the source for artifact names: <c>vectra</c> or <c>demo&lt;size&gt;</c>.</summary>
    public string Tag => IsReal ? "vectra" : $"demo{Test.Width}";

    /// <summary>
    /// The real data when available (and <paramref name="preferReal"/>), otherwise demo images of
    /// <paramref name="demoSize"/>² pixels (default: 400 like Vectra, 160 for the smoke preset) generated into
    /// <paramref name="workspace"/>.
    /// </summary>
    public static ImPartialDataSet Open(Workspace workspace, bool preferReal = true, int? demoSize = null, int demoSeed = 0)
    {
        var real = preferReal ? VectraData.Locate() : null;
        if (real is not null) return FromFolder(real, isReal: true);
        int size = demoSize ?? (workspace.Preset == Preset.Smoke ? 160 : 400);
        var folder = workspace.Folder("impartial", $"demo-datastore-{size}-seed{demoSeed}");
        if (!File.Exists(Path.Combine(folder, MonaiDatastore.FileName))) SegmentationDemo.Write(folder, 5, size, size, demoSeed);
        return FromFolder(folder, isReal: false);
    }

    /// <summary>Reads a datastore folder holding image0–image4 with labels for 0, 1, 2 and 4.</summary>
    public static ImPartialDataSet FromFolder(string folder, bool isReal)
    {
        var store = MonaiDatastore.Open(folder);
        ImPartialImage Get(string id, bool labelled)
        {
            var image = VectraData.Load(store[id]);
            if (labelled && image.Labels is null) throw new InvalidDataException($"Datastore '{folder}': {id} needs a final label (ground truth).");
            return image;
        }
        return new ImPartialDataSet(folder, isReal, [Get("image0", true), Get("image1", true), Get("image2", true)], Get("image4", true), Get("image3", false));
    }

    /// <summary>Simulated scribbles for every training image (<see cref="ScribbleSimulator"/>), seeded per image.</summary>
    public IReadOnlyList<Scribbles> SimulateScribbles(double rate, int seed) =>
        [.. Train.Select(i => ScribbleSimulator.Simulate(i.Labels!, i.Width, i.Height, rate, Seeds.Rng(seed, $"impartial-scribbles-{i.Name}")))];
}
