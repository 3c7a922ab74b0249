namespace CellNotebooks.Runner.Sweeps;

/// <summary>One run of a sweep: its swept parameter values, which repeat of those values it is, and its folder id.</summary>
/// <param name="Parameters">Swept parameter → value (the command's <c>--param</c> values are added when it runs).</param>
/// <param name="Repeat">0 for the first run of these values, 1 for the second, … (a value listed twice).</param>
/// <param name="Id">Folder name under the sweep's <c>runs/</c>, unique within the sweep.</param>
public sealed record SweepCombination(IReadOnlyDictionary<string, string> Parameters, int Repeat, string Id);
