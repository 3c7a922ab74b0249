using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CellNotebooks.Training;

/// <summary>
/// What makes two training runs the same run: the options record (type and System.Text.Json text, so nested records
/// and arrays compare by value) and a fingerprint of the input data (<see cref="Training.DataFingerprint"/>).
/// <see cref="Hash"/> (SHA-256 over the three) is stored in every checkpoint (<see cref="CheckpointState.RunKey"/>);
/// <see cref="FinishedRuns"/> reuses or resumes a checkpoint only when its hash is equal, so a changed option or
/// changed data always trains again instead of silently reusing a stale model.
/// </summary>
/// <param name="OptionsType">Full type name of the options record.</param>
/// <param name="OptionsJson">The options record as JSON (System.Text.Json, default settings).</param>
/// <param name="DataFingerprint">Hex SHA-256 of the training data (and anything else the run depends on).</param>
public sealed record TrainingRunKey(string OptionsType, string OptionsJson, string DataFingerprint)
{
    /// <summary>Hex SHA-256 over <see cref="OptionsType"/>, <see cref="OptionsJson"/> and <see cref="DataFingerprint"/>.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{OptionsType.Length}:{OptionsType}\n{OptionsJson.Length}:{OptionsJson}\n{DataFingerprint.Length}:{DataFingerprint}")));

    /// <summary>The first 12 hex digits of <see cref="Hash"/> (for messages).</summary>
    public string Short => Hash[..12];

    /// <summary>The key of a run trained with <paramref name="options"/> on data with <paramref name="dataFingerprint"/>.</summary>
    public static TrainingRunKey For<T>(T options, string dataFingerprint)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFingerprint);
        return new TrainingRunKey(typeof(T).FullName!, JsonSerializer.Serialize(options), dataFingerprint);
    }

    /// <summary>True when <paramref name="state"/> was written by a run with this key.</summary>
    public bool Matches(CheckpointState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.RunKey == Hash;
    }
}
