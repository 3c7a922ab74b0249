using System.Diagnostics;
using System.Text.Json;
using CellNotebooks.Data.Clanet;
using CellNotebooks.Runtime;
using OpenCvSharp;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Writes a seeded demo of the CLANet data set: brightfield time-lapse JPEGs in the real layout
/// <c>Cell_lines/&lt;line&gt;/batch_&lt;n&gt;/&lt;VIDxxxx&gt;_&lt;pos&gt;_1_&lt;DD&gt;d&lt;HH&gt;h&lt;MM&gt;m.jpg</c>, so the real reader and
/// stage 1 run on it unchanged. Cell lines (<see cref="BrightfieldCellLine"/>) differ in cell size, shape, texture,
/// polarity and clustering; every batch (<see cref="BrightfieldBatchLook"/>) has its own illumination gradient,
/// vignetting, brightness, contrast, focus, noise, cell size and density, imaging interval and start time; cells
/// grow in number and move between time points. Same options (seed included) → byte-identical files.
/// </summary>
public static class BrightfieldFlaskGenerator
{
    private const string MarkerFile = "demo-brightfield.json";
    private static readonly string[] Rows = ["B", "C", "D", "E", "F", "G"];

    /// <summary>Returns the set under <paramref name="root"/> if it was written with the same options, otherwise generates it.</summary>
    public static BrightfieldFlaskSet Ensure(string root, BrightfieldFlaskOptions options)
    {
        var planned = Plan(root, options.Validate());
        var marker = Path.Combine(root, MarkerFile);
        if (File.Exists(marker) && File.ReadAllText(marker) == Key(options)
            && planned.Files.All(f => File.Exists(Path.Combine(root, f))))
            return planned with { Reused = true };
        return Generate(root, options);
    }

    /// <summary>Generates the set under <paramref name="root"/> (existing files of the same names are replaced).</summary>
    public static BrightfieldFlaskSet Generate(string root, BrightfieldFlaskOptions options)
    {
        var clock = Stopwatch.StartNew();
        var plan = Plan(root, options.Validate());
        var jobs = new List<(BrightfieldCellLine Line, int Batch, string Position)>();
        foreach (var line in BrightfieldCellLine.Catalogue.Take(options.Lines))
            for (int b = 1; b <= options.BatchesPerLine; b++)
                foreach (var pos in Positions(options, line.Name, b))
                    jobs.Add((line, b, pos));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount };
        Parallel.ForEach(jobs, parallel, job => RenderPosition(root, options, job.Line, job.Batch, job.Position, plan.Looks[(job.Line.Name, job.Batch)]));
        File.WriteAllText(Path.Combine(root, MarkerFile), Key(options));
        return plan with { Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// The ground truth of one line and batch: for every image (file name) the mask of its visible cell bodies
    /// (<see cref="VisibleBodies"/>; 8-bit, 255 inside a cell, full image size, overlay strip included), replayed from the
    /// same seeded simulation that rendered the images. The phase halo outside each body is not part of a cell, nor is
    /// a body pixel that a neighbour's halo covers. The caller disposes the masks.
    /// </summary>
    public static IEnumerable<(string FileName, Mat Mask)> CellMasks(BrightfieldFlaskOptions options, string line, int batch)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var cellLine = BrightfieldCellLine.Catalogue.Take(options.Lines).FirstOrDefault(l => l.Name == line)
            ?? throw new ArgumentException($"'{line}' is not a line of this demo set.", nameof(line));
        if (batch < 1 || batch > options.BatchesPerLine) throw new ArgumentException($"Batch {batch} is not in 1..{options.BatchesPerLine}.", nameof(batch));
        var look = BrightfieldBatchLook.Draw(Seeds.Rng(options.Seed, $"clanet-demo/look/{line}/{batch}"), options.BatchEffect);
        foreach (var position in Positions(options, line, batch))
        {
            var sim = new FlaskSimulation(cellLine, look, options.Width, options.Height, options.CellScale, Seeds.Rng(options.Seed, $"clanet-demo/cells/{line}/{batch}/{position}"));
            for (int t = 0; t < options.TimePoints; t++)
            {
                if (t > 0) sim.Step(look.StepHours);
                int hours = look.StartHours + t * look.StepHours;
                yield return (ClanetImageName.Format(look.Experiment, position, "1", hours / 24, hours % 24, look.StartMinute), VisibleBodies(sim.Cells, options.Width, options.Height));
            }
        }
    }

    /// <summary>
    /// The cell-body pixels an image of <paramref name="cells"/> shows: cells are painted in order as <see cref="Render"/>
    /// paints them, so where a later cell's halo ring covers an earlier cell's body that pixel shows halo, not cell
    /// (cells overlap in the simulation; before 2026-12-07 the truth counted such hidden body pixels too).
    /// </summary>
    internal static Mat VisibleBodies(IReadOnlyList<FlaskSimulation.Cell> cells, int width, int height)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        foreach (var c in cells)
        {
            Cv2.Ellipse(mask, Halo(c), Scalar.All(0), 3);
            Cv2.Ellipse(mask, Body(c), Scalar.All(255), -1);
            Cv2.Ellipse(mask, Nucleus(c), Scalar.All(255), -1);
        }
        return mask;
    }

    /// <summary>Renders one image of a line/batch look with the given cells (used by tests and the notebooks' illustrations).</summary>
    internal static Mat Render(IReadOnlyList<FlaskSimulation.Cell> cells, BrightfieldCellLine line, BrightfieldBatchLook look, Mat illumination, ulong noiseSeed, string timeLabel, bool overlay)
    {
        int w = illumination.Cols, h = illumination.Rows;
        using var phase = new Mat(h, w, MatType.CV_32FC1, Scalar.All(0));
        using var inside = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        foreach (var c in cells)
        {
            Cv2.Ellipse(phase, Halo(c), Scalar.All(line.Halo), 3);
            var body = Body(c);
            Cv2.Ellipse(phase, body, Scalar.All(line.Body), -1);
            Cv2.Ellipse(inside, body, Scalar.All(255), -1);
            Cv2.Ellipse(phase, Nucleus(c), Scalar.All(line.Body + line.Nucleus), -1);
        }
        var rng = new RNG(noiseSeed);
        using (var texture = new Mat(h, w, MatType.CV_32FC1))
        {
            rng.Fill(texture, DistributionType.Normal, InputArray.Create(new Scalar(0)), InputArray.Create(new Scalar(1)));
            Cv2.GaussianBlur(texture, texture, new Size(0, 0), line.TextureScale);
            // A Gaussian of σ shrinks unit white noise to a std of about 1/(2√π σ): undo that so Texture is the amplitude.
            Cv2.Multiply(texture, Scalar.All(line.Texture * 2 * Math.Sqrt(Math.PI) * line.TextureScale), texture);
            Cv2.Add(phase, texture, phase, inside);
        }
        Cv2.GaussianBlur(phase, phase, new Size(0, 0), look.Blur);
        using var image = new Mat();
        phase.ConvertTo(image, MatType.CV_32FC1, look.Contrast, look.Brightness);
        Cv2.Multiply(image, illumination, image);
        using (var noise = new Mat(h, w, MatType.CV_32FC1))
        {
            rng.Fill(noise, DistributionType.Normal, InputArray.Create(new Scalar(0)), InputArray.Create(new Scalar(look.Noise)));
            Cv2.Add(image, noise, image);
        }
        var gray = new Mat();
        image.ConvertTo(gray, MatType.CV_8UC1);
        int strip = (int)Math.Round(150.0 * h / 1040);
        if (overlay && strip >= 12)
        {
            double font = strip / 75.0;
            Cv2.PutText(gray, timeLabel, new Point(8, h - strip / 3), HersheyFonts.HersheySimplex, font, Scalar.All(255), Math.Max(1, strip / 40));
            Cv2.Rectangle(gray, new Rect(w - 8 - w / 8, h - strip / 2, w / 8, Math.Max(2, strip / 15)), Scalar.All(255), -1);
        }
        return gray;
    }

    private static RotatedRect Body(FlaskSimulation.Cell c) =>
        new(new Point2f((float)c.X, (float)c.Y), new Size2f(2 * c.Major, 2 * c.Minor), (float)(c.Angle * 180 / Math.PI));

    // The phase halo: a 3-px ring 2.5 px outside the body.
    private static RotatedRect Halo(FlaskSimulation.Cell c) =>
        new(new Point2f((float)c.X, (float)c.Y), new Size2f(2 * c.Major + 5, 2 * c.Minor + 5), (float)(c.Angle * 180 / Math.PI));

    private static RotatedRect Nucleus(FlaskSimulation.Cell c)
    {
        double nx = c.X + c.NucleusDx * c.Major * Math.Cos(c.Angle) - c.NucleusDy * c.Minor * Math.Sin(c.Angle);
        double ny = c.Y + c.NucleusDx * c.Major * Math.Sin(c.Angle) + c.NucleusDy * c.Minor * Math.Cos(c.Angle);
        return new RotatedRect(new Point2f((float)nx, (float)ny), new Size2f((float)(0.7 * c.Major + 0.5 * c.Minor), (float)(1.1 * c.Minor)), (float)(c.Angle * 180 / Math.PI));
    }

    private static void RenderPosition(string root, BrightfieldFlaskOptions options, BrightfieldCellLine line, int batch, string position, BrightfieldBatchLook look)
    {
        var folder = Path.Combine(root, ClanetLayout.CellLinesFolder, line.Name, ClanetLayout.BatchFolderName(batch));
        Directory.CreateDirectory(folder);
        using var illumination = Illumination(options.Width, options.Height, look);
        var sim = new FlaskSimulation(line, look, options.Width, options.Height, options.CellScale, Seeds.Rng(options.Seed, $"clanet-demo/cells/{line.Name}/{batch}/{position}"));
        for (int t = 0; t < options.TimePoints; t++)
        {
            if (t > 0) sim.Step(look.StepHours);
            int hours = look.StartHours + t * look.StepHours;
            var file = ClanetImageName.Format(look.Experiment, position, "1", hours / 24, hours % 24, look.StartMinute);
            ulong noiseSeed = (ulong)Seeds.Rng(options.Seed, $"clanet-demo/noise/{line.Name}/{batch}/{position}/{t}").NextInt64(1, long.MaxValue);
            using var gray = Render(sim.Cells, line, look, illumination, noiseSeed, $"{hours / 24:00}d{hours % 24:00}h{look.StartMinute:00}m", options.DrawOverlay);
            Cv2.ImEncode(".jpg", gray, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, options.JpegQuality));
            File.WriteAllBytes(Path.Combine(folder, file), jpeg);
        }
    }

    private static Mat Illumination(int w, int h, BrightfieldBatchLook look)
    {
        var values = new float[w * h];
        double cos = Math.Cos(look.GradientAngle), sin = Math.Sin(look.GradientAngle), r2max = (w * w + h * h) / 4.0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double dx = x - w / 2.0, dy = y - h / 2.0;
                values[y * w + x] = (float)(1 + look.Gradient * (dx * cos + dy * sin) / w - look.Vignetting * (dx * dx + dy * dy) / r2max);
            }
        return Mat.FromPixelData(h, w, MatType.CV_32FC1, values).Clone();
    }

    private static BrightfieldFlaskSet Plan(string root, BrightfieldFlaskOptions options)
    {
        var lines = BrightfieldCellLine.Catalogue.Take(options.Lines).Select(l => l.Name).ToList();
        var looks = new Dictionary<(string, int), BrightfieldBatchLook>();
        var files = new List<string>();
        foreach (var line in lines)
            for (int b = 1; b <= options.BatchesPerLine; b++)
            {
                var look = BrightfieldBatchLook.Draw(Seeds.Rng(options.Seed, $"clanet-demo/look/{line}/{b}"), options.BatchEffect);
                looks[(line, b)] = look;
                foreach (var pos in Positions(options, line, b))
                    for (int t = 0; t < options.TimePoints; t++)
                    {
                        int hours = look.StartHours + t * look.StepHours;
                        files.Add($"{ClanetLayout.CellLinesFolder}/{line}/{ClanetLayout.BatchFolderName(b)}/{ClanetImageName.Format(look.Experiment, pos, "1", hours / 24, hours % 24, look.StartMinute)}");
                    }
            }
        return new BrightfieldFlaskSet(Path.GetFullPath(root), lines, looks, files, 0, false);
    }

    private static IReadOnlyList<string> Positions(BrightfieldFlaskOptions options, string line, int batch)
    {
        var rng = Seeds.Rng(options.Seed, $"clanet-demo/positions/{line}/{batch}");
        var all = Rows.SelectMany(r => Enumerable.Range(1, 12).Select(c => r + c)).ToArray();
        rng.Shuffle(all);
        return NaturalOrder.Sort(all.Take(options.PositionsPerBatch));
    }

    private static string Key(BrightfieldFlaskOptions options) => JsonSerializer.Serialize(options with { Parallelism = 0 });
}
