namespace CellNotebooks.Methods.Clanet;

/// <summary>CLANet's printed evaluation tuple <c>(top1, top3, top5, macro F1, OvR macro AUC)</c>.</summary>
public sealed record MilEvalTuple(double Top1, double Top3, double Top5, double MacroF1, double RocAuc);
