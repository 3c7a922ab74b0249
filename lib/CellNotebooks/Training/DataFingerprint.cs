using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// An incremental SHA-256 over the data a training run reads (tensor bytes with dtype and shape, arrays, strings, file
/// contents), for <see cref="TrainingRunKey"/>. Every item is length- and type-prefixed, so different sequences of
/// items never hash alike by concatenation. <see cref="Finish"/> returns lowercase hex.
/// </summary>
public sealed class DataFingerprint : IDisposable
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Adds a string (UTF-8).</summary>
    public DataFingerprint Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Tag('s', Encoding.UTF8.GetByteCount(text));
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        return this;
    }

    /// <summary>Adds one integer.</summary>
    public DataFingerprint Add(long value)
    {
        Tag('l', value);
        return this;
    }

    /// <summary>Adds the raw bytes of an array of unmanaged values (with the element type's name).</summary>
    public DataFingerprint Add<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        Add(typeof(T).Name);
        var bytes = MemoryMarshal.AsBytes(values);
        Tag('a', bytes.Length);
        hash.AppendData(bytes);
        return this;
    }

    /// <inheritdoc cref="Add{T}(ReadOnlySpan{T})"/>
    public DataFingerprint Add<T>(T[] values) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        return Add<T>(values.AsSpan());
    }

    /// <summary>Adds a tensor's dtype, shape and values (copied to the CPU, contiguous).</summary>
    public DataFingerprint Add(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = torch.NewDisposeScope();
        Add(tensor.dtype.ToString());
        Add<long>(tensor.shape);
        var cpu = tensor.detach().cpu().contiguous();
        var bytes = cpu.bytes;
        Tag('t', bytes.Length);
        hash.AppendData(bytes);
        return this;
    }

    /// <summary>Adds a file's length and contents (not its name or time stamps: a copy elsewhere is the same data).</summary>
    public DataFingerprint AddFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Cannot fingerprint '{path}': the file does not exist.", path);
        using var stream = File.OpenRead(path);
        Tag('f', stream.Length);
        hash.AppendData(SHA256.HashData(stream));
        return this;
    }

    /// <summary>The lowercase hex SHA-256 of everything added (the fingerprint can be finished once).</summary>
    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>The fingerprint of one tensor.</summary>
    public static string Of(Tensor tensor)
    {
        using var f = new DataFingerprint();
        return f.Add(tensor).Finish();
    }

    /// <summary>
    /// The fingerprint of a data set read through a batch loader (as trainers take it): every index in order, in
    /// chunks of <paramref name="chunk"/>, so each image's values, dtype and shape count.
    /// </summary>
    public static string OfBatches(Func<IReadOnlyList<int>, Tensor> loadBatch, int count, int chunk = 256)
    {
        ArgumentNullException.ThrowIfNull(loadBatch);
        using var f = new DataFingerprint();
        f.Add(count);
        for (int start = 0; start < count; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            f.Add(loadBatch([.. Enumerable.Range(start, Math.Min(chunk, count - start))]));
        }
        return f.Finish();
    }

    /// <inheritdoc/>
    public void Dispose() => hash.Dispose();

    private void Tag(char kind, long length)
    {
        Span<byte> prefix = stackalloc byte[9];
        prefix[0] = (byte)kind;
        BitConverter.TryWriteBytes(prefix[1..], length);
        hash.AppendData(prefix);
    }
}
