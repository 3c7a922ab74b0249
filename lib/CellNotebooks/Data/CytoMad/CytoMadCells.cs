using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Data.CytoMad;

/// <summary>
/// Paired brightfield/QPI cells of one split, resized and labelled: image n of <see cref="Brightfield"/> and
/// <see cref="Qpi"/> shows the same cell, from batch <c>BatchNames[Batch[n]]</c> and cell type
/// <c>CellTypeNames[CellType[n]]</c>. Values are raw (upstream applies no intensity normalisation).
/// </summary>
public sealed class CytoMadCells
{
    /// <summary>Creates a set of cells; the arrays must agree in length.</summary>
    public CytoMadCells(ImageStack brightfield, ImageStack qpi, int[] batch, int[] cellType,
        IReadOnlyList<string> batchNames, IReadOnlyList<string> cellTypeNames)
    {
        if (brightfield.Count != qpi.Count || batch.Length != brightfield.Count || cellType.Length != brightfield.Count)
            throw new ArgumentException("Brightfield, QPI and label arrays must hold the same number of cells.");
        Brightfield = brightfield;
        Qpi = qpi;
        Batch = batch;
        CellType = cellType;
        BatchNames = batchNames;
        CellTypeNames = cellTypeNames;
    }

    /// <summary>Brightfield images (input of the generator).</summary>
    public ImageStack Brightfield { get; }

    /// <summary>Quantitative phase images (target of the generator).</summary>
    public ImageStack Qpi { get; }

    /// <summary>Batch label id per cell (index into <see cref="BatchNames"/>).</summary>
    public int[] Batch { get; }

    /// <summary>Cell-type label id per cell (index into <see cref="CellTypeNames"/>).</summary>
    public int[] CellType { get; }

    /// <summary>Batch names ("Batch1", …) in label order (sorted by batch number).</summary>
    public IReadOnlyList<string> BatchNames { get; }

    /// <summary>Cell-type names in label order (ordinal sort).</summary>
    public IReadOnlyList<string> CellTypeNames { get; }

    /// <summary>Number of cells.</summary>
    public int Count => Batch.Length;

    /// <summary>Image side length.</summary>
    public int Size => Brightfield.Height;

    /// <summary>Brightfield images of the given cells as an N×1×H×W float tensor on <paramref name="device"/>.</summary>
    public Tensor BrightfieldTensor(ReadOnlySpan<int> indices, Device? device = null) => Gather(Brightfield, indices, device);

    /// <summary>QPI images of the given cells as an N×1×H×W float tensor on <paramref name="device"/>.</summary>
    public Tensor QpiTensor(ReadOnlySpan<int> indices, Device? device = null) => Gather(Qpi, indices, device);

    /// <summary>All cell indices 0..N-1.</summary>
    public int[] AllIndices() => [.. Enumerable.Range(0, Count)];

    private static Tensor Gather(ImageStack stack, ReadOnlySpan<int> indices, Device? device)
    {
        int p = stack.PixelsPerImage;
        var buffer = new float[indices.Length * p];
        for (int i = 0; i < indices.Length; i++)
            stack.Pixels.AsSpan(indices[i] * p, p).CopyTo(buffer.AsSpan(i * p, p));
        var t = tensor(buffer, [indices.Length, 1, stack.Height, stack.Width]);
        return device is null ? t : t.to(device);
    }
}
