using CellNotebooks.Methods.Dino;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.UniDino;

/// <summary>
/// uniDINO's training set (<c>train_dino.py::get_concatenated_dataset</c>, methods.md §4.1/§4.3): every data set's
/// images exploded into single-channel rows (<see cref="UniDinoMetadata.ToSingleChannel"/>), data sets with
/// different channel counts concatenated, and each set other than the reference repeated <c>⌊N_ref / N_set⌋</c>
/// times (upstream "cycle": JUMP-CP is the reference and BBBC021, BBBC037, HPA and Insect are repeated so that small
/// sets are not drowned). The reference is the largest set unless given. Indices address the concatenation without
/// materialising the repeats. <see cref="LoadBatch"/> returns B×1×S×S images centre-cropped to
/// <see cref="ImageSide"/> (the trainer batches equal sizes; upstream's random 224/96 crops then happen inside the
/// DINO augmentation).
/// </summary>
public sealed class UniDinoTrainingSet
{
    private readonly long[] offsets;

    private UniDinoTrainingSet(IReadOnlyList<UniDinoMetadata> sets, int[] repeats, int imageSide)
    {
        Sets = sets;
        Repeats = repeats;
        ImageSide = imageSide;
        offsets = new long[sets.Count + 1];
        for (int k = 0; k < sets.Count; k++) offsets[k + 1] = offsets[k] + (long)sets[k].Rows.Count * repeats[k];
        if (offsets[^1] > int.MaxValue) throw new ArgumentException($"{offsets[^1]} training samples exceed the index range.");
    }

    /// <summary>The single-channel tables, in input order.</summary>
    public IReadOnlyList<UniDinoMetadata> Sets { get; }

    /// <summary>How often each set is repeated.</summary>
    public IReadOnlyList<int> Repeats { get; }

    /// <summary>Side of the square images <see cref="LoadBatch"/> returns.</summary>
    public int ImageSide { get; }

    /// <summary>Samples in the concatenation (with repeats).</summary>
    public int Count => (int)offsets[^1];

    /// <summary>Distinct single-channel images (without repeats).</summary>
    public int DistinctCount => Sets.Sum(s => s.Rows.Count);

    /// <summary>
    /// Builds the set. <paramref name="repeatSmallSets"/> = false concatenates without repeats; <paramref name="referenceSet"/>
    /// picks the set whose size the others are repeated towards (default: the largest).
    /// </summary>
    public static UniDinoTrainingSet Create(IReadOnlyList<UniDinoMetadata> sets, int imageSide, bool repeatSmallSets = true, int? referenceSet = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0) throw new ArgumentException("A training set needs at least one data set.", nameof(sets));
        if (imageSide < 1) throw new ArgumentOutOfRangeException(nameof(imageSide), imageSide, "Image side must be positive.");
        var singles = sets.Select(s => s.ToSingleChannel().Validate()).ToList();
        int reference = referenceSet ?? Enumerable.Range(0, singles.Count).MaxBy(k => singles[k].Rows.Count);
        if (reference < 0 || reference >= singles.Count) throw new ArgumentOutOfRangeException(nameof(referenceSet), referenceSet, $"There are {singles.Count} sets.");
        int refCount = singles[reference].Rows.Count;
        var repeats = singles.Select((s, k) => !repeatSmallSets || k == reference ? 1 : Math.Max(1, refCount / s.Rows.Count)).ToArray();
        return new UniDinoTrainingSet(singles, repeats, imageSide);
    }

    /// <summary>The sample at position <paramref name="index"/> of the concatenation.</summary>
    public TrainingSample this[int index]
    {
        get
        {
            if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The set has {Count} samples.");
            int k = Array.FindLastIndex(offsets, o => o <= index);
            int row = (int)((index - offsets[k]) % Sets[k].Rows.Count);
            return new TrainingSample(k, row, Sets[k].Rows[row].Channel ?? 0);
        }
    }

    /// <summary>Samples per set (with repeats), for reporting.</summary>
    public IReadOnlyList<(string Name, int Channels, int Images, int Repeats)> Summary() =>
        [.. Sets.Select((s, k) => (s.Name, s.Channels, s.Rows.Count, Repeats[k]))];

    /// <summary>The single-channel images of <paramref name="indices"/>, centre-cropped to <see cref="ImageSide"/>: B×1×S×S in [0, 1].</summary>
    public Tensor LoadBatch(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int s = ImageSide;
        var data = new float[indices.Count * s * s];
        Parallel.For(0, indices.Count, b =>
        {
            var sample = this[indices[b]];
            var image = ChannelImage.Load(Sets[sample.Set], sample.Row);
            if (image.Height < s || image.Width < s)
                throw new InvalidDataException($"{Sets[sample.Set].Rows[sample.Row].Paths[0]}: {image.Height}×{image.Width} px is smaller than the training image side {s}.");
            int top = (image.Height - s) / 2, left = (image.Width - s) / 2;
            var plane = image.Planes[0];
            for (int y = 0; y < s; y++)
                Array.Copy(plane, (top + y) * image.Width + left, data, (b * s + y) * s, s);
        });
        return torch.tensor(data, [indices.Count, 1, s, s]);
    }

    /// <summary>A DINO trainer over this set (the options must have one input channel, e.g. <see cref="DinoOptions.UniDino"/>).</summary>
    public DinoTrainer CreateTrainer(DinoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InChannels != 1) throw new ArgumentException($"uniDINO trains a single-channel ViT; the options have InChannels = {options.InChannels}.", nameof(options));
        return new DinoTrainer(options, Count, LoadBatch);
    }

    /// <summary>
    /// The fingerprint of this training set for <see cref="Training.TrainingRunKey"/>: the image side, every set's
    /// repeat count and rows (channel index and the contents of each file, each distinct file hashed once), so a
    /// changed image, row or repeat trains again.
    /// </summary>
    public string Fingerprint()
    {
        using var f = new Training.DataFingerprint();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        f.Add(ImageSide);
        for (int k = 0; k < Sets.Count; k++)
        {
            f.Add(Repeats[k]).Add(Sets[k].Rows.Count);
            foreach (var row in Sets[k].Rows)
            {
                f.Add(row.Channel ?? -1).Add(row.Paths.Count);
                foreach (var path in row.Paths)
                {
                    if (!files.TryGetValue(path, out var hash))
                    {
                        using var one = new Training.DataFingerprint();
                        files[path] = hash = one.AddFile(path).Finish();
                    }
                    f.Add(hash);
                }
            }
        }
        return f.Finish();
    }

    /// <summary>
    /// <see cref="DinoTrainer.TrainOrResume"/> over this set: reuses the finished run in <paramref name="checkpointPath"/>
    /// when the options and <see cref="Fingerprint"/> match (and <paramref name="retrain"/> is false), resumes an
    /// unfinished one, otherwise trains afresh; trains until <paramref name="maxTotalSteps"/> steps in all (null: every
    /// epoch), checkpointing every epoch and every few minutes. <see cref="DinoTrainer.RunSummary"/> says what happened.
    /// </summary>
    public DinoTrainer TrainOrResume(DinoOptions options, string checkpointPath, long? maxTotalSteps = null,
        Action<long, IReadOnlyDictionary<string, float>>? onStep = null, bool retrain = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkpointPath);
        if (options.InChannels != 1) throw new ArgumentException($"uniDINO trains a single-channel ViT; the options have InChannels = {options.InChannels}.", nameof(options));
        return DinoTrainer.TrainOrResume(options, Count, LoadBatch, checkpointPath, retrain, Fingerprint(), maxTotalSteps, onStep, cancellationToken);
    }
}
