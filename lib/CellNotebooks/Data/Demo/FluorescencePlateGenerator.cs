using System.Globalization;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Runtime;
using OpenCvSharp;
using P = CellNotebooks.Data.Demo.CellPhenotype;

namespace CellNotebooks.Data.Demo;

/// <summary>
/// Writes seeded demo fluorescence plates in the real layouts the profiling readers read: the BBBC021 single-cell
/// layout (<c>single-cell/sc-metadata.csv</c>, <c>single-cell/BBBC021_v1_moa.csv</c>, crops with the channels tiled
/// horizontally, named <c>&lt;Plate&gt;-&lt;Well&gt;-s&lt;Site&gt;_c&lt;Cell&gt;.png</c>) and whole fields of view,
/// one 16-bit PNG per channel (<c>images/&lt;Plate&gt;/…_w&lt;k&gt;.png</c>) listed in <c>plate-metadata.csv</c>.
/// <para>Biology: MoAs change nucleus size/shape, microtubule and actin organisation and cell count
/// (<see cref="CellPhenotype"/>); every MoA has ≥ 2 compounds, each with its own deviation, at several
/// concentrations; DMSO wells on every plate. Batches (<c>Week1</c>…): every plate gets a technical effect (per-channel
/// gain, offset, vignetting, blur, noise) and a small biological one (cell size). Compounds of ordinary MoAs are each
/// imaged in two batches with different pairs per compound, so treatments of one MoA have different batch strings
/// (NSCB is defined); the last MoA ("Kinase inhibitors") is imaged in the first batch only, like BBBC021's.</para>
/// <para>Deterministic: every field of view draws from its own generator seeded by (seed, plate, well, site), so the
/// same options write byte-identical files whatever the thread scheduling.</para>
/// </summary>
public static class FluorescencePlateGenerator
{
    /// <summary>Generates the data set under <paramref name="root"/> (created; existing files are overwritten).</summary>
    public static FluorescencePlateSet Generate(string root, FluorescencePlateOptions options)
    {
        options.Validate();
        var design = Seeds.Rng(options.Seed, "fluorescence-plates/design");
        var moas = P.Moas.Take(options.Moas - 1).Append(P.Moas[^1]).ToArray();
        var treatments = new List<(string Compound, double Conc, string Moa, double[] Phenotype, int[] Batches)>();
        int g = 0;
        foreach (var (moa, names, phenotype) in moas)
        {
            bool singleBatch = moa == P.Moas[^1].Moa;
            foreach (var name in names.Take(Math.Min(options.CompoundsPerMoa, names.Length)))
            {
                var deviation = Enumerable.Range(0, P.Count).Select(_ => P.CompoundSpread * P.Gaussian(design)).ToArray();
                double potency = 0.85 + 0.3 * design.NextDouble();
                double baseConc = new[] { 0.03, 0.1, 0.3, 1.0 }[design.Next(4)];
                int[] batches = singleBatch ? [0] : [g % options.Batches, (g + 1) % options.Batches];
                for (int k = 0; k < options.Concentrations; k++)
                {
                    double strength = Math.Min(1.15, potency * (k + 1) / options.Concentrations);
                    double conc = Math.Round(baseConc * Math.Pow(3, k), 3);
                    treatments.Add((name, conc, moa, P.Treatment(phenotype, deviation, strength), batches));
                }
                g++;
            }
        }

        // Plates and wells.
        var fields = new List<(string Plate, string Batch, PlateEffect Effect, string Well, int Site, string Compound, double Conc, string Moa, double[] Phenotype)>();
        for (int b = 0; b < options.Batches; b++)
        {
            for (int p = 0; p < options.PlatesPerBatch; p++)
            {
                string batch = $"Week{b + 1}", plate = $"{batch}_{22100 + 37 * b + p}";
                var effect = PlateEffect.Draw(Seeds.Rng(options.Seed, "fluorescence-plates/" + plate), options.BatchEffect, options.Channels);
                var wells = Enumerable.Range(0, options.DmsoWellsPerPlate).Select(_ => ("DMSO", 0.0, "DMSO", P.Dmso))
                    .Concat(treatments.Where(t => t.Batches.Contains(b)).Select(t => (t.Compound, t.Conc, t.Moa, t.Phenotype))).ToList();
                var positions = WellNames(wells.Count).OrderBy(_ => design.Next()).ToList();
                for (int w = 0; w < wells.Count; w++)
                    for (int s = 1; s <= options.SitesPerWell; s++)
                        fields.Add((plate, batch, effect, positions[w], s, wells[w].Item1, wells[w].Item2, wells[w].Item3, wells[w].Item4));
            }
        }
        fields = [.. fields.OrderBy(f => f.Plate, StringComparer.Ordinal).ThenBy(f => f.Well, StringComparer.Ordinal).ThenBy(f => f.Site)];

        var scFolder = Path.Combine(root, "single-cell");
        Directory.CreateDirectory(scFolder);
        var classNames = treatments.Select(t => ClassName(t.Compound, t.Conc)).Append(ClassName("DMSO", 0)).Distinct().Order(StringComparer.Ordinal).ToList();
        var cellRows = new List<string[]>[fields.Count];
        var images = new PlateImage[fields.Count];
        Parallel.For(0, fields.Count, i =>
        {
            var f = fields[i];
            var rng = Seeds.Rng(options.Seed, $"fluorescence-plates/{f.Plate}/{f.Well}/{f.Site}");
            var (channels, centres) = RenderField(options, f.Phenotype, f.Effect, rng);
            var folder = Path.Combine(root, "images", f.Plate);
            Directory.CreateDirectory(folder);
            var paths = new string[options.Channels];
            for (int c = 0; c < options.Channels; c++)
            {
                paths[c] = Path.Combine(folder, $"{f.Plate}_{f.Well}_s{f.Site}_w{c + 1}.png");
                WritePng(paths[c], channels, [c], options.FieldSize, 0, 0, options.FieldSize, 16);
            }
            images[i] = new PlateImage(f.Plate, f.Well, f.Site, f.Compound, f.Conc, f.Moa, f.Batch, paths);
            var rows = new List<string[]>();
            string className = ClassName(f.Compound, f.Conc);
            for (int k = 0; k < centres.Count; k++)
            {
                string name = $"{f.Plate}-{f.Well}-s{f.Site}_c{k + 1:D3}.png";
                int x0 = (int)Math.Round(centres[k].X) - options.CropSize / 2, y0 = (int)Math.Round(centres[k].Y) - options.CropSize / 2;
                WritePng(Path.Combine(scFolder, name), channels, [.. Enumerable.Range(0, options.Channels)], options.FieldSize, x0, y0, options.CropSize, options.CropBitDepth);
                rows.Add([name, className, classNames.IndexOf(className).ToString(CultureInfo.InvariantCulture)]);
            }
            cellRows[i] = rows;
        });

        var scPath = Path.Combine(scFolder, Bbbc021SingleCells.MetadataFileName);
        CsvFile.Write(scPath, ["Image_Name", "Class_Name", "Target"], cellRows.SelectMany(r => r));
        var moaPath = Path.Combine(scFolder, Bbbc021SingleCells.MoaFileName);
        CsvFile.Write(moaPath, ["compound", "concentration", "moa"],
            treatments.Select(t => (IReadOnlyList<string>)[t.Compound, CsvFile.PythonFloat(t.Conc), t.Moa]).Prepend(["DMSO", "0.0", "DMSO"]));
        var platePath = Path.Combine(root, "plate-metadata.csv");
        new PlateMetadata(options.ChannelNames, false, images).Write(platePath);
        return new FluorescencePlateSet(Path.GetFullPath(root), Path.GetFullPath(scFolder), Path.GetFullPath(scPath), Path.GetFullPath(moaPath),
            Path.GetFullPath(platePath), options.ChannelNames, images.Length, cellRows.Sum(r => r.Count));
    }

    private static string ClassName(string compound, double conc) => compound + "_" + CsvFile.PythonFloat(conc);

    private static IEnumerable<string> WellNames(int count)
    {
        if (count > 96) throw new ArgumentException($"A plate holds 96 wells; the design needs {count} (fewer compounds or concentrations per batch).");
        var inner = from r in "BCDEFG" from c in Enumerable.Range(2, 10) select $"{r}{c:D2}";
        var outer = from r in "ABCDEFGH" from c in Enumerable.Range(1, 12) select $"{r}{c:D2}";
        return (count <= 60 ? inner : outer).Take(count);
    }

    private static (float[][] Channels, List<(double X, double Y)> Centres) RenderField(
        FluorescencePlateOptions o, double[] treatment, PlateEffect effect, Random rng)
    {
        int n = Math.Max(1, (int)Math.Round(o.CellsPerField * treatment[P.CountFactor] * (0.8 + 0.4 * rng.NextDouble())));
        double margin = o.CropSize / 2.0 + 1, minDist = 22;
        var centres = new List<(double X, double Y)>();
        for (int attempt = 0; attempt < 400 && centres.Count < n; attempt++)
        {
            double x = margin + rng.NextDouble() * (o.FieldSize - 2 * margin), y = margin + rng.NextDouble() * (o.FieldSize - 2 * margin);
            if (centres.All(c => (c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y) >= minDist * minDist)) centres.Add((x, y));
        }
        var channels = Enumerable.Range(0, o.Channels).Select(_ => new float[o.FieldSize * o.FieldSize]).ToArray();
        foreach (var (x, y) in centres)
            FluorescenceCellRenderer.Draw(channels, o.FieldSize, x, y, P.Cell(treatment, effect.SizeFactor, rng), rng);
        effect.Apply(channels, o.FieldSize, rng);
        return (channels, centres);
    }

    private static void WritePng(string path, float[][] channels, int[] which, int fieldSize, int x0, int y0, int size, int bits)
    {
        double max = bits == 8 ? 255 : 65535;
        using var mat = new Mat(size, size * which.Length, bits == 8 ? MatType.CV_8UC1 : MatType.CV_16UC1);
        var buffer = new ushort[size * size * which.Length];
        for (int t = 0; t < which.Length; t++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    int fx = Math.Clamp(x0 + x, 0, fieldSize - 1), fy = Math.Clamp(y0 + y, 0, fieldSize - 1);
                    double v = Math.Clamp(channels[which[t]][fy * fieldSize + fx], 0, 1);
                    buffer[y * size * which.Length + t * size + x] = (ushort)Math.Round(v * max);
                }
        if (bits == 8) mat.SetArray(buffer.Select(v => (byte)v).ToArray());
        else mat.SetArray(buffer);
        if (!Cv2.ImWrite(path, mat)) throw new IOException($"Could not write {path}.");
    }
}
