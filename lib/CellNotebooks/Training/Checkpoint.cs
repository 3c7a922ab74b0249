using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Training;

/// <summary>
/// One-file training checkpoints shared by every trainer: a JSON header (<see cref="CheckpointState"/>: epoch, step,
/// seed, counters, options record) followed by length-prefixed binary parts — modules (TorchSharp
/// <c>Module.save</c>), optimizers (<c>OptimizerHelper.save_state_dict</c>: Adam moments, step counts, group
/// options; <see cref="FlatAdam"/> writes the same layout), loose tensors and, optionally, torch's CPU generator state. Writing goes to a temporary file in the same
/// folder which is flushed and then renamed over the target, so a crash never leaves a half-written checkpoint.
/// Because parts are length-prefixed, <see cref="Load"/> restores only the parts registered in the
/// <see cref="CheckpointParts"/> it is given (e.g. only the teacher for feature extraction).
/// </summary>
public static class Checkpoint
{
    private const string Magic = "CELLNB-CHECKPOINT";
    private const int Version = 1;
    private const string TorchRngName = "torch.rng";

    /// <summary>Writes a checkpoint atomically; returns the header as written (with the part names filled in).</summary>
    public static CheckpointState Save(string path, CheckpointState state, CheckpointParts parts, bool includeTorchRng = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parts);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var header = state with
        {
            Modules = [.. parts.Modules.Keys],
            Optimizers = [.. parts.Optimizers.Keys, .. parts.FlatOptimizers.Keys],
            Tensors = [.. parts.Tensors.Keys],
            HasTorchRngState = includeTorchRng,
            SavedUtc = DateTime.UtcNow.ToString("O"),
        };
        var tmp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    w.Write(Magic);
                    w.Write(Version);
                    w.Write(JsonSerializer.Serialize(header));
                    foreach (var (name, m) in parts.Modules) WritePart(w, name, bw => m.save(bw));
                    foreach (var (name, o) in parts.Optimizers) WritePart(w, name, bw => o.save_state_dict(bw));
                    foreach (var (name, o) in parts.FlatOptimizers) WritePart(w, name, o.SaveStateDict);
                    foreach (var (name, t) in parts.Tensors) WritePart(w, name, bw => { using var d = t.detach(); using var c = d.cpu(); c.Save(bw); });
                    if (includeTorchRng) WritePart(w, TorchRngName, bw => { using var g = torch.random.get_rng_state(); g.Save(bw); });
                    w.Write(Magic);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        return header;
    }

    /// <summary>Reads only the JSON header of a checkpoint.</summary>
    public static CheckpointState ReadState(string path)
    {
        using var stream = OpenChecked(path, out var r);
        using (r) return ReadHeader(r, path);
    }

    /// <summary>
    /// Restores every part registered in <paramref name="parts"/> from the checkpoint (in place) and, when asked and
    /// present, torch's CPU generator state; returns the header. Parts in the file that are not registered are
    /// skipped; a registered part missing from the file is an error naming the file and the part.
    /// </summary>
    public static CheckpointState Load(string path, CheckpointParts parts, bool restoreTorchRng = true)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var stream = OpenChecked(path, out var r);
        using (r)
        {
            var header = ReadHeader(r, path);
            Require(path, "module", parts.Modules.Keys, header.Modules);
            Require(path, "optimizer", parts.Optimizers.Keys.Concat(parts.FlatOptimizers.Keys), header.Optimizers);
            foreach (var name in header.Modules)
            {
                var bytes = ReadPart(r, name, path);
                if (parts.Modules.TryGetValue(name, out var m))
                    Guard(path, name, () => m.load(new BinaryReader(new MemoryStream(bytes)), strict: true));
            }
            foreach (var name in header.Optimizers)
            {
                var bytes = ReadPart(r, name, path);
                if (parts.Optimizers.TryGetValue(name, out var o))
                    Guard(path, name, () => o.load_state_dict(new BinaryReader(new MemoryStream(bytes))));
                else if (parts.FlatOptimizers.TryGetValue(name, out var f))
                    Guard(path, name, () => f.LoadStateDict(new BinaryReader(new MemoryStream(bytes))));
            }
            foreach (var name in header.Tensors)
            {
                var bytes = ReadPart(r, name, path);
                var loaded = torch.Tensor.Load(new BinaryReader(new MemoryStream(bytes)));
                if (parts.Tensors.TryGetValue(name, out var target))
                {
                    if (!target.shape.SequenceEqual(loaded.shape))
                        throw new InvalidDataException($"Checkpoint '{path}': tensor '{name}' has shape [{string.Join(",", loaded.shape)}], expected [{string.Join(",", target.shape)}].");
                    using (torch.no_grad()) target.copy_(loaded);
                    loaded.Dispose();
                }
                else parts.Tensors[name] = loaded;
            }
            if (header.HasTorchRngState)
            {
                var bytes = ReadPart(r, TorchRngName, path);
                if (restoreTorchRng)
                {
                    using var rng = torch.Tensor.Load(new BinaryReader(new MemoryStream(bytes)));
                    torch.random.set_rng_state(rng);
                }
            }
            if (r.ReadString() != Magic) throw new InvalidDataException($"Checkpoint '{path}' is truncated (no end marker).");
            return header;
        }
    }

    private static void WritePart(BinaryWriter w, string name, Action<BinaryWriter> write)
    {
        using var ms = new MemoryStream();
        using (var bw = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) { write(bw); bw.Flush(); }
        w.Write(name);
        w.Write(ms.Length);
        ms.Position = 0;
        ms.CopyTo(w.BaseStream);
    }

    private static byte[] ReadPart(BinaryReader r, string expected, string path)
    {
        var name = r.ReadString();
        if (name != expected) throw new InvalidDataException($"Checkpoint '{path}': expected part '{expected}', found '{name}'.");
        var length = r.ReadInt64();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
            throw new InvalidDataException($"Checkpoint '{path}': part '{name}' is truncated.");
        return r.ReadBytes((int)length);
    }

    private static FileStream OpenChecked(string path, out BinaryReader reader)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        var stream = File.OpenRead(path);
        reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        return stream;
    }

    private static CheckpointState ReadHeader(BinaryReader r, string path)
    {
        try
        {
            if (r.ReadString() != Magic) throw new InvalidDataException($"'{path}' is not a CellNotebooks checkpoint.");
            var version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this build reads {Version}.");
            return JsonSerializer.Deserialize<CheckpointState>(r.ReadString())
                ?? throw new InvalidDataException($"Checkpoint '{path}' has an empty header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a readable CellNotebooks checkpoint: {e.Message}", e);
        }
    }

    private static void Require(string path, string kind, IEnumerable<string> wanted, List<string> present)
    {
        foreach (var name in wanted)
            if (!present.Contains(name))
                throw new InvalidDataException($"Checkpoint '{path}' has no {kind} '{name}' (it has: {string.Join(", ", present)}).");
    }

    private static void Guard(string path, string name, Action load)
    {
        try { load(); }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"Checkpoint '{path}': part '{name}' does not fit the registered object: {e.Message}", e);
        }
    }
}
