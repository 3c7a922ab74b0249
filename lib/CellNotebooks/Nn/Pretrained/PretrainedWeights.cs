using static TorchSharp.torch;

namespace CellNotebooks.Nn.Pretrained;

/// <summary>
/// One entry point for a user's weights file, whatever wrote it: a PyTorch <c>torch.save</c> file (zip or legacy
/// pickle; <see cref="PyTorchWeights"/>) or TorchSharp's state-dict format (<see cref="StateDictFile"/>, what
/// <c>Module.save</c> and <c>exportsd.py</c> write). The options' weights paths (<c>SimClrOptions.EncoderWeights</c>,
/// <c>DinoOptions.PretrainedWeights</c>) go through here, so a notebook parameter takes either kind.
/// </summary>
public static class PretrainedWeights
{
    /// <summary>
    /// Copies the weights in <paramref name="path"/> into <paramref name="module"/> by PyTorch name, skipping names
    /// that start with one of <paramref name="ignoredPrefixes"/>; every mismatch is an error naming the file and the
    /// tensors. Returns the number of tensors copied.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Unreadable, or the names, shapes or dtypes do not fit.</exception>
    public static int LoadInto(nn.Module module, string path, params string[] ignoredPrefixes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        return PyTorchWeights.IsPyTorchFile(path)
            ? PyTorchWeights.LoadInto(module, path, "", ignoredPrefixes)
            : StateDictFile.LoadInto(module, path, ignoredPrefixes);
    }
}
