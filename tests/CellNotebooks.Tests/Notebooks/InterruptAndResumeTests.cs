using System.Text.Json.Nodes;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// The fault path users meet, through the CLI as they run it: <c>SIGTERM</c> during training stops <c>cellnb run</c>
/// with one line, running the same command again finishes with the metrics of an uninterrupted run, and a third run
/// trains nothing (it reuses the finished models). Notebook 07 (ImPartial) at the smoke preset with more epochs, so
/// the interrupt lands inside training.
/// </summary>
[Collection("Torch")]
public sealed class InterruptAndResumeTests : IDisposable
{
    private const string Notebook = "07-impartial-scribbles.ipynb";
    private static readonly string[] Parameters = ["--param", "Preset=smoke", "--param", "Epochs=20"];

    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_run_stopped_during_training_resumes_to_the_uninterrupted_metrics_and_a_rerun_trains_nothing()
    {
        var reference = await Run("reference", "work-reference", interruptAfterTrainingStarts: null);
        Assert.True(reference.ExitCode == 0, reference.Log);
        var trainingSeconds = TrainingCellSeconds(reference);

        var stopped = await Run("stopped", "work-resumed", interruptAfterTrainingStarts: TimeSpan.FromSeconds(trainingSeconds * 0.5));
        Assert.True(stopped.ExitCode == CellNotebooks.Runner.Commands.RunCommand.InterruptedExitCode, stopped.Log);
        // Cell 15 trains ImPartial, cell 19 the scribbles-only model: the stop must land in one of them.
        Assert.Matches(@"interrupted in 07-impartial-scribbles cell (15|19); run the same command to resume", stopped.Log);
        Assert.DoesNotContain("   at ", stopped.Log);

        var resumed = await Run("resumed", "work-resumed", interruptAfterTrainingStarts: null);
        Assert.True(resumed.ExitCode == 0, resumed.Log);
        Assert.Equal(Metrics(reference), Metrics(resumed));

        var again = await Run("again", "work-resumed", interruptAfterTrainingStarts: null);
        Assert.True(again.ExitCode == 0, again.Log);
        Assert.Equal(Metrics(reference), Metrics(again));
        var executed = File.ReadAllText(Path.Combine(again.OutDir, "07-impartial-scribbles.ipynb"));
        Assert.Contains("reused the finished run", executed);
    }

    private async Task<CliRun> Run(string name, string work, TimeSpan? interruptAfterTrainingStarts)
    {
        var outDir = temp.File(name);
        using var cellnb = new CellnbProcess(["run", Path.Combine(NotebookFiles.Folder, Notebook), "--out", outDir, .. Parameters],
            new Dictionary<string, string> { ["CELLNB_WORK"] = temp.File(work) });
        if (interruptAfterTrainingStarts is { } delay)
        {
            // Cell 13 draws the scribbles; cell 15 (the injected parameters cell counts) trains ImPartial.
            await cellnb.WaitForLineAsync("cell  13", TimeSpan.FromMinutes(5));
            await Task.Delay(delay);
            cellnb.Terminate();
        }
        Assert.True(await cellnb.WaitForExitAsync(TimeSpan.FromMinutes(10)), $"cellnb did not finish:\n{cellnb.Log}");
        return new CliRun(cellnb.ExitCode, cellnb.Log, outDir);
    }

    private static double TrainingCellSeconds(CliRun run)
    {
        var cells = NotebookJson.Load(Path.Combine(run.OutDir, "07-impartial-scribbles.ipynb")).Cells;
        return (double)cells[14]!["metadata"]!["cellnb"]!["run_s"]!;
    }

    private static string Metrics(CliRun run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run.OutDir, "07-impartial-scribbles.metrics.json")))!.ToJsonString();

    private sealed record CliRun(int ExitCode, string Log, string OutDir);
}
