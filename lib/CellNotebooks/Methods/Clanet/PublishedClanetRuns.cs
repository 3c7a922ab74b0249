using CellNotebooks.Data.Manifests;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// The three training logs CLANet publishes (<c>experimental_models/batch_separated/random{1,2,3}/CLANet/log.txt</c>,
/// data set <c>clanet-splits</c>): reference curves and final metrics to set beside a new run.
/// </summary>
public static class PublishedClanetRuns
{
    /// <summary>The data-manifest name that holds the logs.</summary>
    public const string DataSet = "clanet-splits";

    /// <summary>Reads the three logs under a data set folder, named <c>published split N</c>.</summary>
    public static IReadOnlyList<(string Name, UpstreamTrainingLog Log)> Load(string folder) =>
        [.. Enumerable.Range(1, 3).Select(i => ($"published split {i}",
            UpstreamTrainingLog.Read(Path.Combine(folder, "experimental_models", "batch_separated", $"random{i}", "CLANet", "log.txt"))))];

    /// <summary>
    /// The logs from the data cache (downloading them when allowed and possible), or an empty list and the reason
    /// they are unavailable, so a notebook can show its own run alone.
    /// </summary>
    public static (IReadOnlyList<(string Name, UpstreamTrainingLog Log)> Runs, string? Problem) TryLoad()
    {
        var folder = DataResolver.Locate(DataSet);
        if (folder is null)
        {
            try
            {
                folder = new DataResolver().Ensure(ManifestCatalog.Default().Get(DataSet));
            }
            catch (Exception e) when (e is IOException or HttpRequestException or ArgumentException)
            {
                return ([], $"{e.Message} Copy a local copy into the cache with `cellnb data fetch {DataSet} --from <folder>`.");
            }
        }
        return (Load(folder), null);
    }

    /// <summary>Mean of the final evaluated sequence-level top-1 accuracy over the runs (the paper's 0.890 for the three logs).</summary>
    public static double MeanFinalSequenceTop1(IEnumerable<(string Name, UpstreamTrainingLog Log)> runs) =>
        runs.Select(r => r.Log.LastEvaluated?.Sequence?.Top1 ?? throw new InvalidDataException($"{r.Name}: no evaluated epoch.")).Average();
}
