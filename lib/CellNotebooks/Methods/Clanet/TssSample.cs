namespace CellNotebooks.Methods.Clanet;

/// <summary>Frames kept by <see cref="TimeSeriesSegmentSampler"/> (sorted indices) and the bag's loss weight.</summary>
public sealed record TssSample(int[] Frames, double Weight);
