using System.Collections;
using System.Text.RegularExpressions;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace CellNotebooks.Nn.Pretrained;

/// <summary>
/// Reads PyTorch checkpoints (<c>torch.save</c> files, <c>.pth</c>/<c>.pt</c>) with TorchSharp.PyBridge's unpickler
/// and loads them into the workbook's models by PyTorch name, with <see cref="StateDictFile"/>'s checks (every name,
/// shape and dtype, all problems in one message naming the file; the module is unchanged after an error). The key
/// conventions of the checkpoints the methods publish are undone here:
/// <list type="bullet">
/// <item>a training checkpoint that holds several state dicts (DINO's <c>checkpoint.pth</c>: <c>student</c>,
/// <c>teacher</c>, <c>optimizer</c>, <c>args</c>, …) gives the one under <c>checkpointKey</c>, by default the first of
/// <see cref="CheckpointKeys"/> present — <c>teacher</c> first, as CLANet and uniDINO load it (methods.md §1.4, §4.3);</item>
/// <item>leading <c>module.</c> (DataParallel/DDP) and <c>backbone.</c> (DINO's MultiCropWrapper) are stripped, as
/// DINO's <c>load_pretrained_weights</c> does;</item>
/// <item>upstream SimCLR's <c>ResNetSimCLR</c> keeps the encoder as <c>features = Sequential(*resnet.children()[:-1])</c>;
/// <c>features.0/1/4/5/6/7.</c> become torchvision's <c>conv1/bn1/layer1..4.</c>.</item>
/// </list>
/// Names that start with one of the caller's ignored prefixes (a head the target lacks: <c>fc.</c>, <c>head.</c>,
/// SimCLR's <c>l1.</c>/<c>l2.</c>) are skipped.
/// </summary>
public static class PyTorchWeights
{
    /// <summary>Entries of a training checkpoint that hold the model, in the order they are tried.</summary>
    public static readonly IReadOnlyList<string> CheckpointKeys = ["teacher", "state_dict", "model"];

    private static readonly string[] SimClrFeatures = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4"];

    /// <summary>Whether <paramref name="path"/> is a PyTorch file: a <c>torch.save</c> zip archive or a legacy pickle.</summary>
    public static bool IsPyTorchFile(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        int n = stream.Read(head);
        return n == 2 && ((head[0] == (byte)'P' && head[1] == (byte)'K') || head[0] == 0x80);
    }

    /// <summary>The file's model tensors by their normalised names, on the CPU (the caller disposes them).</summary>
    /// <param name="path">A <c>torch.save</c> file.</param>
    /// <param name="checkpointKey">Entry of a training checkpoint to read; empty tries <see cref="CheckpointKeys"/>.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not readable, or no state dict where one is expected; names the file.</exception>
    public static Dictionary<string, Tensor> Read(string path, string checkpointKey = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(checkpointKey);
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        Hashtable root;
        try
        {
            root = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"Weights file '{path}' is not a readable PyTorch checkpoint: {e.Message}", e);
        }
        try
        {
            var dict = StateDictOf(root, path, checkpointKey);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in dict)
            {
                if (entry.Value is not Tensor tensor) continue;
                string name = Normalise((string)entry.Key);
                if (!result.TryAdd(name, tensor.alias()))
                    throw new InvalidDataException($"Weights file '{path}': two entries become '{name}' once prefixes are stripped.");
            }
            if (result.Count == 0)
                throw new InvalidDataException($"Weights file '{path}' holds no tensors" +
                    (checkpointKey == "" ? "" : $" under '{checkpointKey}'") + $" (its entries: {Keys(root)}).");
            return result;
        }
        finally
        {
            DisposeAll(root);
        }
    }

    /// <summary>
    /// Copies the file's tensors into <paramref name="module"/> (see the type's doc for the name conventions). Returns
    /// the number of tensors copied.
    /// </summary>
    public static int LoadInto(nn.Module module, string path, string checkpointKey = "", params string[] ignoredPrefixes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(ignoredPrefixes);
        var file = Read(path, checkpointKey);
        try
        {
            return StateDictFile.CopyInto(module, file, path, ignoredPrefixes);
        }
        finally
        {
            foreach (var t in file.Values) t.Dispose();
        }
    }

    private static Hashtable StateDictOf(Hashtable root, string path, string checkpointKey)
    {
        if (checkpointKey != "")
            return root[checkpointKey] as Hashtable ?? throw new InvalidDataException(
                $"Weights file '{path}' has no state dict under '{checkpointKey}' (its entries: {Keys(root)}).");
        if (root.Values.OfType<Tensor>().Any()) return root;
        foreach (var key in CheckpointKeys)
            if (root[key] is Hashtable inner) return inner;
        throw new InvalidDataException($"Weights file '{path}' holds no tensors at its top level and none of " +
            $"{string.Join(", ", CheckpointKeys)} (its entries: {Keys(root)}); name the entry to read.");
    }

    private static string Normalise(string name)
    {
        while (true)
        {
            if (name.StartsWith("module.", StringComparison.Ordinal)) name = name["module.".Length..];
            else if (name.StartsWith("backbone.", StringComparison.Ordinal)) name = name["backbone.".Length..];
            else break;
        }
        var m = Regex.Match(name, @"^features\.([0-7])\.");
        return m.Success ? SimClrFeatures[m.Groups[1].ValueSpan[0] - '0'] + "." + name[m.Length..] : name;
    }

    private static string Keys(Hashtable table) => string.Join(", ", table.Keys.Cast<object>().Select(k => $"'{k}'"));

    private static void DisposeAll(object? value)
    {
        switch (value)
        {
            case Tensor t: t.Dispose(); break;
            case IDictionary d: foreach (var v in d.Values) DisposeAll(v); break;
            case IList l: foreach (var v in l) DisposeAll(v); break;
        }
    }
}
