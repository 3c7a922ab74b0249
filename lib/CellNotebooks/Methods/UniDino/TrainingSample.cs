namespace CellNotebooks.Methods.UniDino;

/// <summary>One single-channel training image of a <see cref="UniDinoTrainingSet"/>.</summary>
/// <param name="Set">Index of the data set.</param>
/// <param name="Row">Row of that set's single-channel table.</param>
/// <param name="Channel">The channel (of the set's channel names).</param>
public sealed record TrainingSample(int Set, int Row, int Channel);
