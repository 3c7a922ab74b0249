using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// Every notebook runs in the real .NET Interactive kernel (what VS Code and Jupyter run) with its smoke preset and
/// the setup cell users run: no error output, a Plotly chart wherever <c>cellnb run</c> shows one, and the same kind
/// of output in every cell. Bad input shows the library's message in the cell that meets it.
/// </summary>
[Collection("Torch")]
public sealed class KernelExecutionTests : IDisposable
{
    private readonly ScratchFolder temp = new();

    public void Dispose() => temp.Dispose();

    [KernelTheory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public async Task Notebook_runs_in_the_kernel_with_the_outputs_cellnb_gives(string file)
    {
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
        {
            if (ours.Kinds.Contains("chart"))
                Assert.True(theirs.Kinds.Contains("chart"), $"{file} cell {ours.Index}: cellnb shows a chart, the kernel shows [{string.Join(", ", theirs.Kinds)}]");
            Assert.True(ours.Kinds.SequenceEqual(theirs.Kinds),
                $"{file} cell {ours.Index}: cellnb shows [{string.Join(", ", ours.Kinds)}], the kernel [{string.Join(", ", theirs.Kinds)}]");
        }
    }

    [KernelFact]
    public void A_wrong_preset_stops_at_the_options_cell_with_the_library_message()
    {
        var report = Run("01-clanet-patch-selection.ipynb", ("Preset", "bogus"));

        var failed = Assert.Single(report.Cells, c => c.Errors.Count > 0);
        Assert.Contains("bogus", failed.Errors[0]);
        Assert.Contains("smoke", failed.Errors[0]);
        Assert.DoesNotContain("TypeInitialization", failed.Errors[0]);
        Assert.DoesNotContain("NullReference", failed.Errors[0]);
    }

    [KernelFact]
    public void A_missing_data_folder_is_named_in_the_cell_that_reads_it()
    {
        var missing = Path.Combine(temp.Path, "no-such-data");
        var report = Run("01-clanet-patch-selection.ipynb", ("Preset", "smoke"), ("DataRoot", missing));

        var failed = Assert.Single(report.Cells, c => c.Errors.Count > 0);
        Assert.Contains(missing, failed.Errors[0]);
        Assert.DoesNotContain("NullReference", failed.Errors[0]);
    }

    [KernelFact]
    public void A_corrupt_image_is_named_in_the_cell_that_reads_it()
    {
        var root = Path.Combine(temp.Path, "corrupt-data");
        var batch = Directory.CreateDirectory(Path.Combine(root, "Cell_lines", "LINE1", "batch_1")).FullName;
        var image = Path.Combine(batch, "VID0001_A1_1_00d00h00m.jpg");
        File.WriteAllBytes(image, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]);
        var report = Run("01-clanet-patch-selection.ipynb", ("Preset", "smoke"), ("DataRoot", root));

        var failed = Assert.Single(report.Cells, c => c.Errors.Count > 0);
        Assert.Contains("VID0001_A1_1_00d00h00m.jpg", failed.Errors[0]);
        Assert.DoesNotContain("NullReference", failed.Errors[0]);
        Assert.DoesNotContain("TypeInitialization", failed.Errors[0]);
    }

    private KernelReport Run(string file, params (string Name, string Value)[] parameters) =>
        KernelProcess.Execute(Path.Combine(NotebookFiles.Folder, file), Path.Combine(temp.Path, "bad-" + file),
            Path.Combine(temp.Path, "bad-work"), stopOnError: true, parameters);
}
