using System.Text.Json;

namespace CellNotebooks.Training;

/// <summary>
/// The small, human-readable part of a checkpoint (stored as JSON at the start of the file): where training stands
/// (epoch, global step), the seed and any named counters needed to continue every random stream exactly, the
/// options record that produced the run, and the names of the binary parts that follow.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>Number of epochs completed (the epoch to resume from).</summary>
    public int Epoch { get; init; }

    /// <summary>Number of optimisation steps completed (the global step to resume from).</summary>
    public long Step { get; init; }

    /// <summary>The run's seed (all streams are derived from it with <c>Seeds.Rng(seed, purpose)</c>).</summary>
    public int Seed { get; init; }

    /// <summary>Full type name of the options record (informational).</summary>
    public string? OptionsType { get; init; }

    /// <summary>The options record as JSON (System.Text.Json, default settings).</summary>
    public string? OptionsJson { get; init; }

    /// <summary>Named integer counters (e.g. how many numbers a sampler has drawn).</summary>
    public Dictionary<string, long> Counters { get; init; } = [];

    /// <summary>Named scalars (e.g. best validation score, last loss).</summary>
    public Dictionary<string, double> Values { get; init; } = [];

    /// <summary>Names of the modules stored in the file, in file order (filled by <see cref="Checkpoint.Save"/>).</summary>
    public List<string> Modules { get; init; } = [];

    /// <summary>Names of the optimizers stored in the file, in file order.</summary>
    public List<string> Optimizers { get; init; } = [];

    /// <summary>Names of the loose tensors stored in the file, in file order.</summary>
    public List<string> Tensors { get; init; } = [];

    /// <summary>True when torch's default CPU generator state is stored.</summary>
    public bool HasTorchRngState { get; init; }

    /// <summary>UTC time of writing (ISO 8601).</summary>
    public string? SavedUtc { get; init; }

    /// <summary>
    /// <see cref="TrainingRunKey.Hash"/> of the run (options + data fingerprint); null in checkpoints written before
    /// run keys existed, which <see cref="FinishedRuns"/> therefore never reuses.
    /// </summary>
    public string? RunKey { get; init; }

    /// <summary>The data fingerprint that went into <see cref="RunKey"/> (so a message can say the data changed).</summary>
    public string? DataFingerprint { get; init; }

    /// <summary>True when the run had done all its epochs when this checkpoint was written.</summary>
    public bool Finished { get; init; }

    /// <summary>Serialises <paramref name="options"/> into <see cref="OptionsJson"/>/<see cref="OptionsType"/>.</summary>
    public CheckpointState WithOptions<T>(T options) => this with
    {
        OptionsType = typeof(T).FullName,
        OptionsJson = JsonSerializer.Serialize(options),
    };

    /// <summary>Stores <paramref name="key"/> (null: none) in <see cref="RunKey"/> and <see cref="DataFingerprint"/>.</summary>
    public CheckpointState WithRunKey(TrainingRunKey? key) => this with
    {
        RunKey = key?.Hash,
        DataFingerprint = key?.DataFingerprint,
    };

    /// <summary>Deserialises the stored options record; throws when none was stored.</summary>
    public T OptionsAs<T>() => OptionsJson is null
        ? throw new InvalidDataException("The checkpoint holds no options record.")
        : JsonSerializer.Deserialize<T>(OptionsJson) ?? throw new InvalidDataException($"The checkpoint's options are not a {typeof(T).Name}.");
}
