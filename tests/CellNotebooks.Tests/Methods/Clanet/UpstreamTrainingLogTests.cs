using CellNotebooks.Methods.Clanet;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Methods.Clanet;

public sealed class UpstreamTrainingLogTests
{
    private static string LogPath(int split) =>
        SharedData.Path("clanet", "experimental_models", "batch_separated", $"random{split}", "CLANet", "log.txt");

    [SharedDataTheory("clanet")]
    [InlineData(1, 0.8990, 0.8074, 0.9016, 0.8505)]
    [InlineData(2, 0.8598, 0.7882, 0.8852, 0.8229)]
    [InlineData(3, 0.9112, 0.8941, 0.9344, 0.9361)]
    public void Published_logs_give_the_final_metrics_of_methods_md(int split, double seqTop1, double seqF1, double batchTop1, double batchF1)
    {
        var log = UpstreamTrainingLog.Read(LogPath(split));
        Assert.Equal(2000, log.Rows.Count);
        var last = log.LastEvaluated!;
        Assert.Equal(2000, last.Epoch);
        Assert.Equal(seqTop1, last.Sequence!.Top1, 4);
        Assert.Equal(seqF1, last.Sequence.MacroF1, 4);
        Assert.Equal(batchTop1, last.Batch!.Top1, 4);
        Assert.Equal(batchF1, last.Batch.MacroF1, 4);
        Assert.Equal(400, log.Rows.Count(r => r.Sequence is not null)); // every 5th epoch
    }

    [SharedDataFact("clanet")]
    public void Mean_of_the_three_published_sequence_top1_is_0_890()
    {
        var mean = new[] { 1, 2, 3 }.Average(s => UpstreamTrainingLog.Read(LogPath(s)).LastEvaluated!.Sequence!.Top1);
        Assert.Equal(0.890, mean, 3);
    }

    [Fact]
    public void Format_round_trips_through_the_parser()
    {
        var row = new MilEpochLogRow(5, 5e-4, 0.015963, 0.997093, 0.942166,
            new MilEvalTuple(0.69, 0.81, 0.88, 0.62, 0.99), new MilEvalTuple(0.73, 0.86, 0.93, 0.67, 0.996));
        var path = Path.GetTempFileName();
        File.WriteAllLines(path, [UpstreamTrainingLog.Header, UpstreamTrainingLog.Format(row), UpstreamTrainingLog.Format(row with { Epoch = 6, Sequence = null, Batch = null })]);
        var log = UpstreamTrainingLog.Read(path);
        Assert.Equal(row, log.Rows[0]);
        Assert.Null(log.Rows[1].Sequence);
        File.Delete(path);
    }

    [Fact]
    public void A_file_that_is_not_a_log_is_named_in_the_error()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "hello\n");
        var e = Assert.Throws<InvalidDataException>(() => UpstreamTrainingLog.Read(path));
        Assert.Contains(path, e.Message);
        File.Delete(path);
    }
}
