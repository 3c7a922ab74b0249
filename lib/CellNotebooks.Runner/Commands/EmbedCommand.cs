using System.CommandLine;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Data.Sharding;
using CellNotebooks.Methods.Dino;
using CellNotebooks.Methods.UniDino;
using CellNotebooks.Nn;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Runner.Commands;

/// <summary>
/// <c>cellnb embed --metadata plate.csv --out DIR (--checkpoint FILE | --random-vit) [--shard i/n]</c>: uniDINO
/// crop embeddings of a plate, streamed to Parquet row group by row group (<see cref="CropEmbeddingWriter"/>), so a
/// plate larger than memory works. With <c>--shard i/n</c> (0-based i, see <see cref="Shard"/>) only a contiguous
/// slice of the image rows is embedded, into <c>DIR/part-i-of-n.parquet</c>; a cluster runs one shard per task and
/// <c>cellnb embed merge --dir DIR</c> concatenates the parts. Without a shard the output is
/// <c>DIR/embeddings.parquet</c>. Exit codes: 0 ok, 1 bad data, 2 bad arguments.
/// </summary>
public sealed class EmbedCommand : ICellnbCommand
{
    /// <summary>File name of an unsharded run's output.</summary>
    public const string WholeFileName = "embeddings.parquet";

    /// <inheritdoc/>
    public Command Create()
    {
        var metadata = new Option<FileInfo>("--metadata") { Description = "Image table (CSV): a plate table (plate, well, site, compound, concentration, moa, batch, path_<Channel>...) or any uniDINO table (see --inference-cols).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder.", Required = true };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "DINO/uniDINO checkpoint whose teacher backbone embeds the crops." };
        var randomVit = new Option<bool>("--random-vit") { Description = "No checkpoint: embed with a seeded, randomly initialised ViT (a baseline; never a silent default)." };
        var preset = new Option<string>("--preset") { Description = "Size of the --random-vit backbone: smoke, demo or paper (uniDINO ViT-S/16).", DefaultValueFactory = _ => "smoke" };
        var seed = new Option<int>("--seed") { Description = "Seed of the --random-vit weights.", DefaultValueFactory = _ => 0 };
        var shard = new Option<string?>("--shard") { Description = "Embed only shard i of n (i/n, 0-based: 0/4 .. 3/4, e.g. --shard $SLURM_ARRAY_TASK_ID/4)." };
        var cropSize = new Option<int>("--crop-size") { Description = "Crop (tile) side in pixels (uniDINO: 224).", DefaultValueFactory = _ => 224 };
        var subSample = new Option<int>("--sub-sample") { Description = "Sub-sampling stride before Otsu (uniDINO: 10).", DefaultValueFactory = _ => 10 };
        var perGroup = new Option<int>("--images-per-row-group") { Description = "Images whose crops form one Parquet row group (memory: one group of features).", DefaultValueFactory = _ => 16 };
        var batchSize = new Option<int>("--batch-size") { Description = "Single-channel crops per forward pass.", DefaultValueFactory = _ => 64 };
        var inference = new Option<string?>("--inference-cols") { Description = "Aggregation columns of a non-plate table, comma-separated (e.g. plate,well)." };
        var channels = new Option<string?>("--channels") { Description = "Channel names, comma-separated, for tables with one 'path' column." };
        var merged = new Option<bool>("--merged") { Description = "Each 'path' is one multi-channel file (e.g. a TIFF stack)." };
        var command = new Command("embed", "Embed a plate's cell crops with uniDINO into Parquet (streamed; --shard i/n for clusters).")
            { metadata, outDir, checkpoint, randomVit, preset, seed, shard, cropSize, subSample, perGroup, batchSize, inference, channels, merged };
        command.SetAction(parse => Guard(() =>
        {
            Shard? part = null;
            if (parse.GetValue(shard) is { } text)
            {
                if (!Shard.TryParse(text, out part, out var error)) throw new UsageException($"--shard: {error}");
            }
            var ckpt = parse.GetValue(checkpoint);
            bool random = parse.GetValue(randomVit);
            if (ckpt is null && !random) throw new UsageException("Give --checkpoint FILE, or --random-vit to embed with a seeded random ViT (a baseline).");
            if (ckpt is not null && random) throw new UsageException("Give either --checkpoint or --random-vit, not both.");
            if (ckpt is not null && !ckpt.Exists) throw new UsageException($"--checkpoint: '{ckpt.FullName}' does not exist.");
            var table = ReadMetadata(parse.GetValue(metadata)!.FullName, parse.GetValue(inference), parse.GetValue(channels), parse.GetValue(merged));
            using var backbone = ckpt is not null ? DinoTrainer.LoadTeacherBackbone(ckpt.FullName)
                : UniDinoDemo.RandomBackbone(DinoOptions.UniDino(Presets.Parse(parse.GetValue(preset)!)), parse.GetValue(seed));
            var embedder = new ChannelwiseEmbedder(backbone, parse.GetValue(batchSize));
            var folder = parse.GetValue(outDir)!.FullName;
            var path = part is null ? Path.Combine(folder, WholeFileName) : ShardedParquet.PartPath(folder, part);
            var crops = new CellCropOptions(CropSize: parse.GetValue(cropSize), SubSample: parse.GetValue(subSample));
            var file = CropEmbeddingWriter.Write(table, crops, embedder, path, parse.GetValue(perGroup), part,
                (done, total) => Console.Error.WriteLine($"cellnb embed: {done}/{total} images"));
            Console.WriteLine($"shard {file.Shard}: images {file.FirstImage}..{file.FirstImage + file.Images - 1} of {table.Rows.Count}, "
                + $"{file.Rows} crops × {file.FeatureDim} features in {file.RowGroups} row group(s) → {file.Path}");
        }));

        var dir = new Option<DirectoryInfo>("--dir") { Description = "Folder holding part-<i>-of-<n>.parquet.", Required = true };
        var parts = new Option<int?>("--parts") { Description = "Expected shard count n (default: read from the file names)." };
        var output = new Option<FileInfo?>("--out") { Description = $"Merged file (default: DIR/{WholeFileName})." };
        var merge = new Command("merge", "Concatenate the part files of a sharded embed run into one Parquet file.") { dir, parts, output };
        merge.SetAction(parse => Guard(() =>
        {
            var folder = parse.GetValue(dir)!.FullName;
            var target = parse.GetValue(output)?.FullName ?? Path.Combine(folder, WholeFileName);
            var (rows, groups) = ShardedParquet.Merge(folder, target, parse.GetValue(parts));
            Console.WriteLine($"merged {rows} rows in {groups} row group(s) → {target}");
        }));
        command.Subcommands.Add(merge);
        return command;
    }

    private static UniDinoMetadata ReadMetadata(string csv, string? inferenceCols, string? channelNames, bool merged)
    {
        if (!File.Exists(csv)) throw new InvalidDataException($"--metadata: '{csv}' does not exist.");
        var header = File.ReadLines(csv).FirstOrDefault()?.Split(',').Select(h => h.Trim().Trim('"')).ToArray()
            ?? throw new InvalidDataException($"{csv}: the file is empty.");
        var names = channelNames?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (inferenceCols is null && PlateMetadata.RequiredColumns.All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            return UniDinoMetadata.FromPlate(PlateMetadata.Read(csv, names), Path.GetFileNameWithoutExtension(csv)).Validate(checkFiles: true);
        if (inferenceCols is null)
            throw new UsageException($"{csv} is not a plate table (columns {string.Join(", ", PlateMetadata.RequiredColumns)}); give --inference-cols.");
        var columns = inferenceCols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return UniDinoMetadata.ReadCsv(csv, columns, names, merged).Validate(checkFiles: true);
    }

    private static int Guard(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"cellnb embed: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or Imaging.ImageFormatException)
        {
            Console.Error.WriteLine($"cellnb embed: {e.Message}");
            return 1;
        }
    }

    /// <summary>A bad command line (exit code 2), as opposed to bad data (exit code 1).</summary>
    private sealed class UsageException(string message) : Exception(message);
}
