using CellNotebooks.Nn;
using CellNotebooks.Nn.Pretrained;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO self-distillation (<c>main_dino.py::train_one_epoch</c>, methods.md §1.3/§4.3) on one device. Per step:
/// set learning rate and weight decay from their per-step cosine schedules; teacher on the global crops, student on
/// all crops; <see cref="DinoLoss"/> (which updates the centre); stop with <see cref="NonFiniteLossException"/> on a
/// non-finite loss; backward; optional per-parameter gradient clipping (DINO <c>clip_gradients</c>); no gradient for
/// the head's last layer during the first <see cref="DinoOptions.FreezeLastLayerEpochs"/> epochs; AdamW step;
/// teacher ← m·teacher + (1−m)·student with the cosine momentum schedule. Data order (a permutation per epoch,
/// last partial batch dropped), augmentation and stochastic depth draw from streams derived from (seed, epoch/step),
/// so a run resumed from a checkpoint continues with exactly the same next step.
/// ⚠ uniDINO's gradient clipping is unreachable upstream; here <see cref="DinoOptions.ClipGrad"/> &gt; 0 always clips.
/// </summary>
public sealed class DinoTrainer : IDisposable
{
    private readonly Func<IReadOnlyList<int>, Tensor> loadBatch;
    private readonly MultiCropAugmentation augmentation;
    private readonly Device device;
    private int[]? order;
    private int orderEpoch = -1;

    /// <summary>Builds student, teacher (a copy of the student), loss, optimizer and schedules.</summary>
    /// <param name="options">The run's settings.</param>
    /// <param name="datasetSize">Number of training images.</param>
    /// <param name="loadBatch">Returns the images with the given indices as a B×C×H×W float tensor in [0, 1] (any device).</param>
    public DinoTrainer(DinoOptions options, int datasetSize, Func<IReadOnlyList<int>, Tensor> loadBatch)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (datasetSize < 1) throw new ArgumentException("DINO needs at least one training image.", nameof(datasetSize));
        this.loadBatch = loadBatch ?? throw new ArgumentNullException(nameof(loadBatch));
        if (options.NormaliseInput && !options.StandardiseEachImage && options.InputMean == 0 && options.InputStd == 1)
        {
            var (mean, std) = InputStatistics(loadBatch, datasetSize);
            options = options with { InputMean = mean, InputStd = std };
        }
        Options = options;
        DatasetSize = datasetSize;
        device = ComputeDevice.Default;
        augmentation = new MultiCropAugmentation(options.Crops);
        BatchSize = Math.Min(options.BatchSize, datasetSize);
        ItersPerEpoch = datasetSize / BatchSize;

        Seeds.Set(options.Seed);
        Student = new MultiCropWrapper(new VisionTransformer(options.StudentConfig()),
            new DinoHead(VitConfig.ByName(options.Arch).EmbedDim, options.OutDim, options.NormLastLayer, options.HeadHiddenDim, options.HeadBottleneckDim));
        Teacher = new MultiCropWrapper(new VisionTransformer(options.TeacherConfig()),
            new DinoHead(VitConfig.ByName(options.Arch).EmbedDim, options.OutDim, options.NormLastLayer, options.HeadHiddenDim, options.HeadBottleneckDim));
        if (options.PretrainedWeights != "") PretrainedWeights.LoadInto(Student.Backbone, options.PretrainedWeights, "head.");
        Student.to(device);
        Teacher.to(device);
        Teacher.load_state_dict(Student.state_dict());
        foreach (var p in Teacher.parameters()) p.requires_grad = false;
        Loss = new DinoLoss(options.OutDim, options.StudentTemp, options.CenterMomentum, options.Crops.GlobalCrops);
        Loss.to(device);
        // FlatAdam unless AdamOptimizers.UseFlat is off; the last layer gets its own blocks because its gradients are
        // dropped while frozen (TorchSharp then skips it, and so must the flat optimiser to stay bit-identical).
        Optimizer = new AdamWGroups(Student.named_parameters(), lr: 0, weightDecay: options.WeightDecay,
            flat: AdamOptimizers.UseFlat, separateBlock: name => name.StartsWith(LastLayerPrefix, StringComparison.Ordinal));

        double lr = Schedules.ScaledLearningRate(options.LearningRate, BatchSize);
        LearningRates = Schedules.Cosine(lr, options.MinLearningRate, options.Epochs, ItersPerEpoch, options.WarmupEpochs);
        WeightDecays = Schedules.Cosine(options.WeightDecay, options.WeightDecayEnd, options.Epochs, ItersPerEpoch);
        Momentums = Schedules.Cosine(options.MomentumTeacher, 1.0, options.Epochs, ItersPerEpoch);
        TeacherTemperatures = Schedules.PerStep(Schedules.WarmupThenConstant(options.WarmupTeacherTemp, options.TeacherTemp,
            Math.Min(options.WarmupTeacherTempEpochs, options.Epochs), options.Epochs), ItersPerEpoch);
    }

    /// <summary>
    /// Mean and standard deviation of all pixel values of up to <paramref name="maxImages"/> evenly spaced training
    /// images (before augmentation), for <see cref="DinoOptions.NormaliseInput"/>.
    /// </summary>
    public static (double Mean, double Std) InputStatistics(Func<IReadOnlyList<int>, Tensor> loadBatch, int datasetSize, int maxImages = 512)
    {
        ArgumentNullException.ThrowIfNull(loadBatch);
        using var scope = torch.NewDisposeScope();
        int n = Math.Min(maxImages, datasetSize);
        var idx = Enumerable.Range(0, n).Select(i => (int)((long)i * datasetSize / n)).ToArray();
        var x = loadBatch(idx).to(ScalarType.Float64);
        double mean = x.mean().item<double>(), std = x.std().item<double>();
        if (!double.IsFinite(mean) || !double.IsFinite(std))
            throw new InvalidDataException("DINO training images contain NaN or infinite values.");
        return (mean, Math.Max(std, 1e-6));
    }

    /// <summary>The settings (with the input statistics filled in when <see cref="DinoOptions.NormaliseInput"/> is on).</summary>
    public DinoOptions Options { get; }

    /// <summary>Number of training images.</summary>
    public int DatasetSize { get; }

    /// <summary>Effective batch size (the option, at most the data-set size).</summary>
    public int BatchSize { get; }

    /// <summary>Steps per epoch (last partial batch dropped, as upstream).</summary>
    public int ItersPerEpoch { get; }

    /// <summary>Total steps of the run.</summary>
    public long TotalSteps => (long)Options.Epochs * ItersPerEpoch;

    /// <summary>Steps done so far (the next step's index).</summary>
    public long Step { get; private set; }

    /// <summary>Epoch of the next step.</summary>
    public int Epoch => (int)(Step / ItersPerEpoch);

    /// <summary>True when all epochs are done.</summary>
    public bool Finished => Step >= TotalSteps;

    /// <summary>Student backbone + head (trained by gradient).</summary>
    public MultiCropWrapper Student { get; }

    /// <summary>Teacher backbone + head (EMA of the student; its backbone gives the features).</summary>
    public MultiCropWrapper Teacher { get; }

    /// <summary>The loss with its centre.</summary>
    public DinoLoss Loss { get; }

    /// <summary>Name prefix of the head's last layer in <see cref="Student"/>'s named parameters.</summary>
    public const string LastLayerPrefix = "head.last_layer.";

    /// <summary>AdamW with DINO's parameter groups.</summary>
    public AdamWGroups Optimizer { get; }

    /// <summary>Per-step learning rate (cosine after linear warm-up, scaled by batch/256).</summary>
    public double[] LearningRates { get; }

    /// <summary>Per-step weight decay (cosine 0.04 → 0.4).</summary>
    public double[] WeightDecays { get; }

    /// <summary>Per-step teacher momentum (cosine → 1).</summary>
    public double[] Momentums { get; }

    /// <summary>Per-step teacher temperature (per-epoch warm-up).</summary>
    public double[] TeacherTemperatures { get; }

    /// <summary>
    /// Named per-step values: loss, lr, wd, momentum, teacher_temp, and DINO's collapse diagnostics teacher_entropy
    /// (against ln K = ln <see cref="DinoOptions.OutDim"/>) and kl (teacher ‖ student; loss = teacher_entropy + kl).
    /// </summary>
    public LossHistory History { get; } = new();

    /// <summary>The views of the next step's batch (for showing the augmentation), without training.</summary>
    public Tensor[] PreviewViews()
    {
        using var images = LoadStepBatch(Step);
        return augmentation.Apply(images, AugmentationRng(Step));
    }

    /// <summary>Runs one optimisation step and returns its named values.</summary>
    public IReadOnlyDictionary<string, float> TrainStep()
    {
        if (Finished) throw new InvalidOperationException($"DINO training is finished ({TotalSteps} steps).");
        long it = Step;
        int epoch = Epoch;
        Student.train();
        Teacher.train();
        using var scope = torch.NewDisposeScope();
        var images = LoadStepBatch(it);
        var views = augmentation.Apply(images, AugmentationRng(it));
        torch.manual_seed(StepSeed(it));                                      // stochastic depth of this step
        Optimizer.SetLearningRate(LearningRates[it]);
        Optimizer.SetWeightDecay(WeightDecays[it]);

        Tensor teacherOut;
        using (torch.no_grad()) teacherOut = Teacher.Forward(views[..Options.Crops.GlobalCrops]);   // (2·B)×K
        var studentOut = Student.Forward(views);                                                    // (crops·B)×K
        var (teacherEntropy, kl) = Loss.Diagnostics(studentOut, teacherOut, views.Length, TeacherTemperatures[it]);
        var loss = Loss.Forward(studentOut, teacherOut, views.Length, TeacherTemperatures[it]);
        var value = loss.item<float>();
        if (!float.IsFinite(value)) throw new NonFiniteLossException("DINO", it, epoch, value);

        Optimizer.ZeroGrad();
        loss.backward();
        if (Options.ClipGrad > 0) ClipGradients(Options.ClipGrad);
        if (epoch < Options.FreezeLastLayerEpochs) Student.Head.LastLayer.zero_grad(set_to_none: true);
        Optimizer.Step();
        UpdateTeacher(Momentums[it]);
        Step++;

        var values = new Dictionary<string, float>
        {
            ["loss"] = value,
            ["lr"] = (float)LearningRates[it],
            ["wd"] = (float)WeightDecays[it],
            ["momentum"] = (float)Momentums[it],
            ["teacher_temp"] = (float)TeacherTemperatures[it],
            ["teacher_entropy"] = (float)teacherEntropy,
            ["kl"] = (float)kl,
        };
        History.Add((int)it, values);
        return values;
    }

    /// <summary>
    /// Trains until <paramref name="maxSteps"/> more steps are done or the run is finished; calls
    /// <paramref name="onStep"/> after every step. When <paramref name="checkpointPath"/> is given, a checkpoint is
    /// written at the end of every <paramref name="checkpointEveryEpochs"/>-th epoch, within an epoch whenever the
    /// <see cref="CheckpointTimer"/> says so, and at the end of the call. Cancellation (<paramref name="cancellationToken"/>,
    /// the process-wide or the kernel cell's, see <see cref="WorkbookCancellation"/>) is observed before every step:
    /// the trainer writes a checkpoint at that step (the run's state is indexed by the global step, so resuming from it
    /// gives the same result as not stopping) and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Train(long? maxSteps = null, Action<long, IReadOnlyDictionary<string, float>>? onStep = null,
        string? checkpointPath = null, int checkpointEveryEpochs = 1, CancellationToken cancellationToken = default)
    {
        long stop = maxSteps is null ? TotalSteps : Math.Min(TotalSteps, Step + maxSteps.Value);
        long start = Step;
        using var cancel = WorkbookCancellation.Capture(cancellationToken);
        using var gc = new GcSafePoints();
        var timer = new CheckpointTimer();
        while (Step < stop)
        {
            if (cancel.IsCancellationRequested)
            {
                if (checkpointPath is not null && Step > start) SaveCheckpoint(checkpointPath);
                cancel.ThrowIfCancellationRequested($"DINO training interrupted at step {Step} of {TotalSteps} (epoch {Epoch})"
                    + (checkpointPath is null ? "." : $"; {Path.GetFileName(checkpointPath)} holds the run: run again to resume."));
            }
            gc.Step();
            var values = TrainStep();
            onStep?.Invoke(Step - 1, values);
            if (checkpointPath is null) continue;
            if ((Step % ItersPerEpoch == 0 && Epoch % Math.Max(1, checkpointEveryEpochs) == 0) || timer.Due())
            {
                SaveCheckpoint(checkpointPath);
                timer.Reset();
            }
        }
        if (checkpointPath is not null) SaveCheckpoint(checkpointPath);
    }

    /// <summary>
    /// The run key this trainer writes into its checkpoints (set by <see cref="TrainOrResume"/>); null for a trainer
    /// made directly, whose checkpoints <see cref="FinishedRuns"/> never reuses.
    /// </summary>
    public TrainingRunKey? RunKey { get; set; }

    /// <summary>What <see cref="TrainOrResume"/> did: trained, resumed or reused, and from when (one line for the cell).</summary>
    public string RunSummary { get; private set; } = "";

    /// <summary>
    /// The notebook's entry point. Reuses the finished run in <paramref name="checkpointPath"/> when its
    /// <see cref="TrainingRunKey"/> (these options + the data's fingerprint) matches and <paramref name="retrain"/> is
    /// false, resumes it when unfinished, and otherwise trains from scratch; <see cref="RunSummary"/> says which.
    /// <paramref name="dataFingerprint"/> defaults to <see cref="DataFingerprint.OfBatches"/> over every training image.
    /// Training stops after <paramref name="maxTotalSteps"/> steps in all when given (a later call with the same bound
    /// reuses the run).
    /// </summary>
    public static DinoTrainer TrainOrResume(DinoOptions options, int datasetSize, Func<IReadOnlyList<int>, Tensor> loadBatch,
        string checkpointPath, bool retrain = false, string? dataFingerprint = null, long? maxTotalSteps = null,
        Action<long, IReadOnlyDictionary<string, float>>? onStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loadBatch);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var key = TrainingRunKey.For(options, dataFingerprint ?? DataFingerprint.OfBatches(loadBatch, datasetSize));
        var found = FinishedRuns.Find(checkpointPath, key, retrain);
        // The stored options carry the input statistics, so resuming does not estimate them again.
        var trainer = new DinoTrainer(found is null ? options : found.OptionsAs<DinoOptions>(), datasetSize, loadBatch) { RunKey = key };
        try
        {
            if (found is not null) trainer.LoadCheckpoint(checkpointPath);
            long before = trainer.Step;
            long? more = maxTotalSteps is long m ? Math.Max(0, m - trainer.Step) : null;
            if (more != 0 && !trainer.Finished) trainer.Train(more, onStep, checkpointPath, cancellationToken: cancellationToken);
            else if (found is null) trainer.SaveCheckpoint(checkpointPath);
            trainer.RunSummary = FinishedRuns.Describe("DINO", checkpointPath, found, trainer.Epoch, trainer.Step, trainer.Step - before, clock.Elapsed);
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>Writes student, teacher, optimizer, centre, loss history, options, run key, epoch and step atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        using var scope = torch.NewDisposeScope();
        var state = new CheckpointState { Epoch = Epoch, Step = Step, Seed = Options.Seed, Finished = Finished }.WithOptions(Options).WithRunKey(RunKey);
        var lastLoss = History.Last("loss");
        if (double.IsFinite(lastLoss)) state.Values["last_loss"] = lastLoss; // none before the first step (JSON has no NaN)
        Checkpoint.Save(path, state, History.AddTo(Parts()), includeTorchRng: false);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer (same options), with the loss
    /// history of the steps before it when this trainer has none yet.
    /// </summary>
    public CheckpointState LoadCheckpoint(string path)
    {
        var saved = Checkpoint.ReadState(path).OptionsAs<DinoOptions>();
        if (saved != Options)
            throw new InvalidDataException($"Checkpoint '{path}' was written with different DINO options; create the trainer from its options (DinoTrainer.Resume).");
        var parts = Parts();
        var state = Checkpoint.Load(path, parts, restoreTorchRng: false);
        if (History.Count == 0) History.RestoreFrom(parts.Tensors);
        foreach (var t in parts.Tensors.Values) t.Dispose();
        Step = state.Step;
        return state;
    }

    /// <summary>Creates a trainer from a checkpoint's options and restores its state.</summary>
    public static DinoTrainer Resume(string path, int datasetSize, Func<IReadOnlyList<int>, Tensor> loadBatch)
    {
        var options = Checkpoint.ReadState(path).OptionsAs<DinoOptions>();
        var trainer = new DinoTrainer(options, datasetSize, loadBatch);
        trainer.LoadCheckpoint(path);
        return trainer;
    }

    /// <summary>A checkpoint's teacher backbone only (for feature extraction), built from the stored options.</summary>
    public static VisionTransformer LoadTeacherBackbone(string path)
    {
        var options = Checkpoint.ReadState(path).OptionsAs<DinoOptions>();
        var teacher = new MultiCropWrapper(new VisionTransformer(options.TeacherConfig()),
            new DinoHead(VitConfig.ByName(options.Arch).EmbedDim, options.OutDim, options.NormLastLayer, options.HeadHiddenDim, options.HeadBottleneckDim));
        var parts = new CheckpointParts().Module("teacher", teacher);
        Checkpoint.Load(path, parts, restoreTorchRng: false);
        foreach (var t in parts.Tensors.Values) t.Dispose(); // the loss history
        teacher.to(ComputeDevice.Default);
        teacher.eval();
        return teacher.Backbone;
    }

    private CheckpointParts Parts() => Optimizer.AddTo(new CheckpointParts()
        .Module("student", Student).Module("teacher", Teacher).Module("dino_loss", Loss), "optimizer");

    private Tensor LoadStepBatch(long it)
    {
        int epoch = (int)(it / ItersPerEpoch), k = (int)(it % ItersPerEpoch);
        if (orderEpoch != epoch)
        {
            order = [.. Enumerable.Range(0, DatasetSize)];
            Seeds.Rng(Options.Seed, $"dino/order/{epoch}").Shuffle(order);
            orderEpoch = epoch;
        }
        var indices = order!.AsSpan(k * BatchSize, BatchSize).ToArray();
        var batch = loadBatch(indices);
        if (batch.dim() != 4 || batch.shape[0] != indices.Length || batch.shape[1] != Options.InChannels)
            throw new InvalidDataException($"The batch loader returned [{string.Join("×", batch.shape)}] for {indices.Length} images; expected {indices.Length}×{Options.InChannels}×H×W.");
        return batch.device == device ? batch : batch.to(device);
    }

    private Random AugmentationRng(long it) => Seeds.Rng(Options.Seed, $"dino/augment/{it}");

    private long StepSeed(long it) => Seeds.Rng(Options.Seed, $"dino/step/{it}").NextInt64(1, long.MaxValue);

    private void ClipGradients(double clip)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        foreach (var p in Student.parameters())
        {
            using var g = p.grad;
            if (g is null) continue;
            var norm = g.norm().item<float>();
            var coef = clip / (norm + 1e-6);
            if (coef < 1) g.mul_(coef);
        }
    }

    private void UpdateTeacher(double m)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        foreach (var (pk, pq) in Teacher.parameters().Zip(Student.parameters()))
            pk.mul_(m).add_(pq, alpha: 1 - m);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Optimizer.Dispose();
        Student.Dispose();
        Teacher.Dispose();
        Loss.Dispose();
    }
}
