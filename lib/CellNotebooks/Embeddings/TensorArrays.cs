using static TorchSharp.torch;

namespace CellNotebooks.Embeddings;

/// <summary>Conversions between managed 2-D arrays and 2-D float tensors on the CPU.</summary>
public static class TensorArrays
{
    /// <summary>Copies a rows × columns array into a float32 tensor of the same shape.</summary>
    public static Tensor ToTensor(float[,] data)
    {
        int n = data.GetLength(0), d = data.GetLength(1);
        var flat = new float[n * d];
        Buffer.BlockCopy(data, 0, flat, 0, flat.Length * sizeof(float));
        return tensor(flat, new long[] { n, d });
    }

    /// <summary>Copies rows (all of the same length) into an n × d float32 tensor.</summary>
    public static Tensor ToTensor(IReadOnlyList<double[]> rows)
    {
        int n = rows.Count, d = n == 0 ? 0 : rows[0].Length;
        var flat = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Length != d) throw new ArgumentException($"row {i} has {rows[i].Length} values, expected {d}.");
            for (int j = 0; j < d; j++) flat[i * d + j] = (float)rows[i][j];
        }
        return tensor(flat, new long[] { n, d });
    }

    /// <summary>Copies a 2-D tensor (any float type, any device) into a managed array.</summary>
    public static float[,] ToArray(Tensor t)
    {
        if (t.dim() != 2) throw new ArgumentException($"expected a 2-D tensor, got shape [{string.Join(", ", t.shape)}].");
        using var cpu = t.detach().to(ScalarType.Float32).cpu().contiguous();
        int n = (int)cpu.shape[0], d = (int)cpu.shape[1];
        var flat = cpu.data<float>().ToArray();
        var result = new float[n, d];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
