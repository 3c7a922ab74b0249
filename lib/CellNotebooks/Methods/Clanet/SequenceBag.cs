using static TorchSharp.torch;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// One CLANet bag: the frames of one flask position of one (cell line, batch), in time order, each holding the
/// top-P patch embeddings by confluency (methods.md §1.5). Features are stored flat, frame-major: T×P×D;
/// <see cref="Sources"/> (T·P entries, same order) says where each patch came from when known.
/// </summary>
public sealed record SequenceBag(
    string Line, int Label, string Batch, int BatchToken, string Position,
    double[] TimesHours, float[] Features, int PatchesPerFrame, int Dim, IReadOnlyList<PatchSource?>? Sources = null)
{
    /// <summary>Number of frames T.</summary>
    public int Frames => TimesHours.Length;

    /// <summary>The bag as a T'×P×D tensor of the given frames (all frames when null).</summary>
    public Tensor ToTensor(IReadOnlyList<int>? frames = null, Device? device = null)
    {
        int frameSize = PatchesPerFrame * Dim;
        if (Features.Length != Frames * frameSize)
            throw new InvalidDataException($"Bag {Line}/{Batch}/{Position}: {Features.Length} feature values, expected {Frames}×{PatchesPerFrame}×{Dim}.");
        float[] data;
        if (frames is null) data = Features;
        else
        {
            data = new float[frames.Count * frameSize];
            for (int i = 0; i < frames.Count; i++) Array.Copy(Features, frames[i] * frameSize, data, i * frameSize, frameSize);
        }
        var t = tensor(data, [data.Length / frameSize, PatchesPerFrame, Dim]);
        return device is null ? t : t.to(device);
    }
}
