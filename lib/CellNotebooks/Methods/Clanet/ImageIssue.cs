namespace CellNotebooks.Methods.Clanet;

/// <summary>An image the batch processor skipped, and why (unreadable, corrupt, odd-sized, badly named…).</summary>
/// <param name="Path">Image path relative to the data-set root.</param>
/// <param name="Reason">A message naming the file and the problem.</param>
public sealed record ImageIssue(string Path, string Reason);
