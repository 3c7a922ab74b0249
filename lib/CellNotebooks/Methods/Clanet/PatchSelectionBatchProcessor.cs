using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CellNotebooks.Data.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Runs stage 1 over a CLANet data set (<see cref="ClanetLayout"/>) and writes, per <c>&lt;line&gt;/batch_&lt;n&gt;/</c> of
/// the output folder, one lossless PNG mask per image, <c>patches.parquet</c> (<see cref="PatchTableFile"/>) and
/// <c>batch.json</c> (per-image statistics and skipped images; written last, so it marks a finished batch).
/// Images run in parallel. Resumable: a finished batch with the same options and the same image files is reused,
/// and masks already on disk for the same options are reused, unless <c>force</c>. Unreadable, corrupt, odd-sized or
/// badly named images are reported in <see cref="PatchSelectionRun.Skipped"/> and never stop the run.
/// Fixes upstream's <c>natsorted(os.listdir(...))[1:]</c> that skipped every line's first batch.
/// </summary>
public sealed class PatchSelectionBatchProcessor(PatchSelectionOptions options)
{
    private const string ManifestFile = "batch.json";
    private const string OptionsFile = "batch.options.json";

    // Part of the reuse key beside the options: bump it when the mask or selection steps change without a new option,
    // so batches finished by an older build are recomputed (2: halo exclusion; 3: boundary refinement before the size
    // filters; both 2026-12-07).
    private const int StepsVersion = 3;
    private const string TableFile = "patches.parquet";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The options every image is processed with.</summary>
    public PatchSelectionOptions Options { get; } = options.Validate();

    /// <summary>Processes every batch of the data set at <paramref name="datasetRoot"/> into <paramref name="outputRoot"/>.</summary>
    public PatchSelectionRun Run(string datasetRoot, string outputRoot, bool force = false, IProgress<PatchSelectionProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var layout = new ClanetLayout(datasetRoot);
        var batches = layout.Lines().SelectMany(l => layout.Batches(l).Select(b => (Line: l, Batch: b, Images: layout.Images(l, b)))).ToList();
        int total = batches.Sum(b => b.Images.Count), done = 0, reused = 0, processed = 0;
        var images = new List<ImageSummary>();
        var skipped = new List<ImageIssue>();
        string optionsKey = JsonSerializer.Serialize(new { Steps = StepsVersion, Options = Options with { Parallelism = 0 } });
        foreach (var (line, batch, batchImages) in batches)
        {
            cancellation.ThrowIfCancellationRequested();
            var folder = Path.Combine(outputRoot, line, ClanetLayout.BatchFolderName(batch));
            if (!force && TryReuse(folder, optionsKey, batchImages, out var manifest))
            {
                images.AddRange(manifest.Images);
                skipped.AddRange(manifest.Skipped);
                reused++;
                done += batchImages.Count;
                progress?.Report(new PatchSelectionProgress(done, total, $"{line}/{ClanetLayout.BatchFolderName(batch)} (reused)"));
                continue;
            }
            Directory.CreateDirectory(folder);
            var optionsPath = Path.Combine(folder, OptionsFile);
            bool reuseMasks = !force && File.Exists(optionsPath) && File.ReadAllText(optionsPath) == optionsKey;
            File.WriteAllText(optionsPath, optionsKey);
            var rows = new ConcurrentDictionary<int, (ImageSummary? Summary, ImageIssue? Issue, List<PatchRecord> Patches)>();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.Parallelism > 0 ? Options.Parallelism : Environment.ProcessorCount, CancellationToken = cancellation };
            Parallel.For(0, batchImages.Count, parallel, k =>
            {
                rows[k] = ProcessOne(batchImages[k], folder, reuseMasks);
                progress?.Report(new PatchSelectionProgress(Interlocked.Increment(ref done), total, batchImages[k].RelativePath));
            });
            var batchSummaries = new List<ImageSummary>();
            var batchIssues = new List<ImageIssue>();
            var batchRows = new List<PatchRecord>();
            for (int k = 0; k < batchImages.Count; k++)
            {
                var (summary, issue, patches) = rows[k];
                if (summary is not null) batchSummaries.Add(summary);
                if (issue is not null) batchIssues.Add(issue);
                batchRows.AddRange(patches);
            }
            PatchTableFile.Write(Path.Combine(folder, TableFile), batchRows);
            var finished = new BatchManifest(optionsKey, batchImages.Select(i => i.FileName).ToList(), batchSummaries, batchIssues);
            WriteAtomically(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(finished, Json));
            images.AddRange(batchSummaries);
            skipped.AddRange(batchIssues);
            processed++;
        }
        return new PatchSelectionRun(Path.GetFullPath(outputRoot), images, skipped, reused, processed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Path of the mask of an image: <c>&lt;output&gt;/&lt;line&gt;/batch_&lt;n&gt;/&lt;stem&gt;.png</c>.</summary>
    public static string MaskPath(string outputRoot, ClanetImage image) =>
        Path.Combine(outputRoot, image.Line, ClanetLayout.BatchFolderName(image.Batch), Path.GetFileNameWithoutExtension(image.FileName) + ".png");

    /// <summary>Path of a batch's patch table.</summary>
    public static string TablePath(string outputRoot, string line, int batch) =>
        Path.Combine(outputRoot, line, ClanetLayout.BatchFolderName(batch), TableFile);

    /// <summary>Reads and concatenates every <c>patches.parquet</c> under <paramref name="outputRoot"/> (lines and batches in natural order).</summary>
    public static IReadOnlyList<PatchRecord> LoadPatches(string outputRoot)
    {
        if (!Directory.Exists(outputRoot)) throw new DirectoryNotFoundException($"Patch tables: folder '{outputRoot}' does not exist (run stage 1 first).");
        var files = Directory.EnumerateFiles(outputRoot, TableFile, SearchOption.AllDirectories)
            .OrderBy(f => Path.GetRelativePath(outputRoot, f), NaturalOrder.Instance);
        return files.SelectMany(PatchTableFile.Read).ToList();
    }

    private (ImageSummary?, ImageIssue?, List<PatchRecord>) ProcessOne(ClanetImage image, string folder, bool reuseMask)
    {
        var patches = new List<PatchRecord>();
        if (image.Name is null) return (null, new ImageIssue(image.RelativePath, image.NameError ?? "bad name"), patches);
        try
        {
            using var full = ClanetImageReader.ReadGray(image.Path, Options);
            using var cropped = ClanetImageReader.Crop(full, Options);
            var maskPath = Path.Combine(folder, Path.GetFileNameWithoutExtension(image.FileName) + ".png");
            Mat? mask = reuseMask && File.Exists(maskPath) ? Cv2.ImRead(maskPath, ImreadModes.Grayscale) : null;
            int iterations = 0;
            bool flipped = false;
            if (mask is null || mask.Empty() || mask.Size() != cropped.Size())
            {
                mask?.Dispose();
                using var result = BinaryMaskGenerator.Generate(cropped, Options);
                mask = result.Mask.Clone();
                iterations = result.Iterations;
                flipped = result.Flipped;
                Cv2.ImEncode(".png", mask, out var png);
                WriteAtomically(maskPath, png);
            }
            using (mask)
            {
                var selection = ClusterSelector.Select(cropped, mask, Options);
                double foreground = (double)Cv2.CountNonZero(mask) / mask.Total();
                string position = image.Sequence;
                for (int r = 0; r < selection.Regions.Count; r++)
                {
                    var g = selection.Regions[r];
                    patches.Add(new PatchRecord(image.RelativePath, image.FileName, image.Line, image.Batch, position, image.TimeHours, g.X, g.Y, g.Width, g.Height, g.Confluency, g.Label, g.IsTile, r));
                }
                var summary = new ImageSummary(image.RelativePath, image.Line, image.Batch, position, image.TimeHours, foreground, iterations, flipped, selection.Regions.Count, selection.IsSparse(Options));
                return (summary, null, patches);
            }
        }
        catch (Exception e) when (e is InvalidDataException or OpenCVException or ArgumentException or IOException)
        {
            string reason = e is InvalidDataException ? e.Message : $"Image '{image.Path}': {e.GetType().Name}: {e.Message}";
            return (null, new ImageIssue(image.RelativePath, reason), []);
        }
    }

    private static bool TryReuse(string folder, string optionsKey, IReadOnlyList<ClanetImage> images, out BatchManifest manifest)
    {
        manifest = null!;
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path) || !File.Exists(Path.Combine(folder, TableFile))) return false;
        try
        {
            manifest = JsonSerializer.Deserialize<BatchManifest>(File.ReadAllText(path))!;
        }
        catch (JsonException)
        {
            return false;
        }
        return manifest is not null && manifest.Options == optionsKey && manifest.Files.SequenceEqual(images.Select(i => i.FileName));
    }

    private static void WriteAtomically(string path, string text) => WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".tmp" + Environment.CurrentManagedThreadId;
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private sealed record BatchManifest(string Options, List<string> Files, List<ImageSummary> Images, List<ImageIssue> Skipped);
}
