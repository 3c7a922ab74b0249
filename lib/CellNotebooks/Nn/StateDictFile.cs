using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Reads weights written in TorchSharp's state-dict format — what <c>Module.save</c> writes and what TorchSharp's
/// <c>src/Python/exportsd.py</c> writes from a PyTorch <c>state_dict()</c> (an LEB128 entry count, then per entry the
/// UTF-8 name with an LEB128 length, the dtype code, the rank, each dimension, and the raw little-endian data) — and
/// copies them into a module by PyTorch name. TorchSharp's own <c>Module.load</c> stops at the first mismatch with a
/// message that names neither the file nor the tensor; this checks every name and shape first and says which ones
/// and where. This is how pre-trained torchvision weights (converted once with <c>exportsd.py</c>) reach the
/// library's torchvision-named models.
/// </summary>
public static class StateDictFile
{
    /// <summary>Every tensor of the file, by name, on the CPU (the caller disposes them).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated or is not a TorchSharp state dict.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file '{path}' does not exist.", path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        string entry = "(header)";
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            long count = Leb128(reader);
            if (count is < 0 or > 1_000_000) throw new InvalidDataException($"an entry count of {count}");
            for (long i = 0; i < count; i++)
            {
                entry = $"entry {i}";
                int nameLength = checked((int)Leb128(reader));
                if (nameLength is < 1 or > 4096) throw new InvalidDataException($"a name of {nameLength} bytes");
                entry = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
                var type = (ScalarType)Leb128(reader);
                int size = ElementSize(type);
                long rank = Leb128(reader);
                if (rank is < 0 or > 8) throw new InvalidDataException($"rank {rank}");
                var shape = new long[rank];
                long numel = 1;
                for (int d = 0; d < rank; d++) numel = checked(numel * (shape[d] = Leb128(reader)));
                long bytes = checked(numel * size);
                if (bytes > int.MaxValue) throw new InvalidDataException($"a tensor of {bytes} bytes (over 2 GB, which one read cannot hold)");
                if (bytes > stream.Length - stream.Position)
                    throw new InvalidDataException($"{bytes} bytes of data announced, {stream.Length - stream.Position} left");
                var tensor = torch.empty(shape, type, torch.CPU);
                tensor.bytes = reader.ReadBytes((int)bytes);
                if (!result.TryAdd(entry, tensor)) { tensor.Dispose(); throw new InvalidDataException("a repeated name"); }
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes after the last entry");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException or ArgumentException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException($"Weights file '{path}' is not a readable TorchSharp state dict (at {entry}: {e.Message}). " +
                "Convert PyTorch weights with TorchSharp's exportsd.py.", e);
        }
        return result;
    }

    /// <summary>
    /// Copies the file's tensors into <paramref name="module"/>'s parameters and buffers of the same names. Names in
    /// the file starting with one of <paramref name="ignoredPrefixes"/> are skipped (torchvision's <c>fc.</c> head for
    /// an encoder without it); a BatchNorm <c>num_batches_tracked</c> may be absent (older PyTorch files lack it). Any
    /// other missing or extra name, or a shape or dtype that differs, is an error listing all of them, and then the
    /// module is left unchanged. Returns the number of tensors copied.
    /// </summary>
    public static int LoadInto(torch.nn.Module module, string path, params string[] ignoredPrefixes)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(ignoredPrefixes);
        var file = Read(path);
        try
        {
            return CopyInto(module, file, path, ignoredPrefixes);
        }
        finally
        {
            foreach (var t in file.Values) t.Dispose();
        }
    }

    /// <summary>
    /// The checks and the copy of <see cref="LoadInto"/> for tensors read from <paramref name="path"/> in any format
    /// (also PyTorch pickles, <see cref="Pretrained.PyTorchWeights"/>); the caller keeps and disposes them.
    /// </summary>
    internal static int CopyInto(torch.nn.Module module, IReadOnlyDictionary<string, Tensor> file, string path, string[] ignoredPrefixes)
    {
        var target = module.state_dict();
        var problems = new List<string>();
        foreach (var (name, tensor) in file)
        {
            if (ignoredPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))) continue;
            if (!target.TryGetValue(name, out var into)) problems.Add($"'{name}' is not in the model");
            else if (!into.shape.SequenceEqual(tensor.shape))
                problems.Add($"'{name}' has shape [{string.Join(", ", tensor.shape)}], the model [{string.Join(", ", into.shape)}]");
            else if (into.dtype != tensor.dtype) problems.Add($"'{name}' is {tensor.dtype}, the model {into.dtype}");
        }
        foreach (var name in target.Keys)
            if (!file.ContainsKey(name) && !name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                problems.Add($"'{name}' is missing");
        if (problems.Count > 0)
            throw new InvalidDataException($"Weights file '{path}' does not fit {module.GetName()}: " +
                string.Join("; ", problems.Take(8)) + (problems.Count > 8 ? $"; and {problems.Count - 8} more" : "") + ".");
        int copied = 0;
        using (torch.no_grad())
        {
            foreach (var (name, into) in target)
            {
                if (!file.TryGetValue(name, out var tensor)) continue;
                into.copy_(tensor);
                copied++;
            }
        }
        return copied;
    }

    private static long Leb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("an LEB128 number longer than 9 bytes");
    }

    private static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new InvalidDataException($"dtype code {(int)type}, which this reader does not know"),
    };
}
