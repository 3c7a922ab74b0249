namespace CellNotebooks.Benchmarks;

/// <summary>
/// One benchmark of <c>cellnb bench</c>. Implementations are found by reflection (public, sealed, parameterless
/// constructor), so adding a benchmark means adding one file. Benchmarks print numbers; they never assert timings.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short stable name used by <c>--filter</c>, e.g. "patch-selection".</summary>
    string Name { get; }

    /// <summary>Runs the measurement (warm-up included) and returns one or more rows.</summary>
    IReadOnlyList<BenchmarkRow> Run();
}
