using System.Text.Json.Nodes;
using CellNotebooks.Runner.Execution;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// The kernel as users reach it. <c>cellnb run</c> itself drives the .NET Interactive kernel (so every notebook's smoke
/// run in <see cref="NotebookExecutionTests"/> is a kernel run); this checks the Jupyter route to the same kernel (the
/// repository's kernelspec over the Jupyter protocol, as JupyterLab runs it) and that bad input shows the library's
/// message in the cell that meets it.
/// </summary>
[Collection("Torch")]
public sealed class KernelExecutionTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [KernelFact]
    public async Task Jupyter_runs_the_getting_started_notebook_with_the_outputs_cellnb_gives()
    {
        const string file = "00-getting-started.ipynb";
        var notebook = Path.Combine(NotebookFiles.Folder, file);
        var kernel = KernelProcess.Execute(notebook, Path.Combine(temp.Path, "kernel-" + file), Path.Combine(temp.Path, "kernel-work"),
            stopOnError: false, ("Preset", "smoke"));
        var cellnbRun = await SmokeWorkbook.RunAsync(file);
        Assert.True(File.Exists(cellnbRun.ExecutedPath), $"cellnb wrote no {cellnbRun.ExecutedPath}:\n{cellnbRun.Tail()}");
        var cellnb = KernelProcess.KindsOf(cellnbRun.ExecutedPath);

        Assert.All(kernel.Cells, c => Assert.True(c.Executed, $"{file} cell {c.Index} did not run in the kernel"));
        var errors = kernel.Cells.Where(c => c.Errors.Count > 0).Select(c => $"cell {c.Index}: {c.Errors[0]}").ToList();
        Assert.True(errors.Count == 0, $"{file}: {errors.Count} cells with errors in the kernel:\n" + string.Join("\n", errors));
        Assert.Equal(cellnb.Cells.Select(c => c.Index), kernel.Cells.Select(c => c.Index));
        foreach (var (ours, theirs) in cellnb.Cells.Zip(kernel.Cells))
            Assert.True(ours.Kinds.SequenceEqual(theirs.Kinds),
                $"{file} cell {ours.Index}: cellnb shows [{string.Join(", ", ours.Kinds)}], Jupyter [{string.Join(", ", theirs.Kinds)}]");
    }

    [Fact]
    public async Task A_wrong_preset_stops_at_the_options_cell_with_the_library_message()
    {
        var error = await FailureOf("01-clanet-patch-selection.ipynb", ("Preset", "bogus"));

        Assert.Contains("bogus", error);
        Assert.Contains("smoke", error);
        Assert.DoesNotContain("TypeInitialization", error);
        Assert.DoesNotContain("NullReference", error);
    }

    [Fact]
    public async Task A_missing_data_folder_is_named_in_the_cell_that_reads_it()
    {
        var missing = Path.Combine(temp.Path, "no-such-data");
        var error = await FailureOf("01-clanet-patch-selection.ipynb", ("Preset", "smoke"), ("DataRoot", missing));

        Assert.Contains(missing, error);
        Assert.DoesNotContain("NullReference", error);
    }

    [Fact]
    public async Task A_corrupt_image_is_named_in_the_cell_that_reads_it()
    {
        var root = Path.Combine(temp.Path, "corrupt-data");
        var batch = Directory.CreateDirectory(Path.Combine(root, "Cell_lines", "LINE1", "batch_1")).FullName;
        var image = Path.Combine(batch, "VID0001_A1_1_00d00h00m.jpg");
        File.WriteAllBytes(image, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]);
        var error = await FailureOf("01-clanet-patch-selection.ipynb", ("Preset", "smoke"), ("DataRoot", root));

        Assert.Contains("VID0001_A1_1_00d00h00m.jpg", error);
        Assert.DoesNotContain("NullReference", error);
        Assert.DoesNotContain("TypeInitialization", error);
    }

    /// <summary>Runs a notebook on the kernel with cellnb; it must fail, and the error output of the failing cell is returned.</summary>
    private async Task<string> FailureOf(string file, params (string Name, string Value)[] parameters)
    {
        var saved = Environment.GetEnvironmentVariable("CELLNB_WORK");
        Environment.SetEnvironmentVariable("CELLNB_WORK", Path.Combine(temp.Path, "bad-work"));
        try
        {
            var result = await NotebookRunner.RunAsync(Path.Combine(NotebookFiles.Folder, file),
                new RunOptions { OutDir = Path.Combine(temp.Path, "bad-" + file), Parameters = parameters.ToDictionary(p => p.Name, p => p.Value) });
            Assert.False(result.Succeeded, $"{file} ran through despite the bad input");
            var cells = NotebookJson.Load(result.ExecutedPath).Cells;
            var errors = cells.SelectMany(c => c!["outputs"] as JsonArray ?? []).Where(o => (string?)o!["output_type"] == "error").ToList();
            var error = Assert.Single(errors)!;
            return $"{error["ename"]}: {error["evalue"]}";
        }
        finally
        {
            Environment.SetEnvironmentVariable("CELLNB_WORK", saved);
        }
    }
}
