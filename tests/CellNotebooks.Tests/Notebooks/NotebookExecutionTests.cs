using System.Diagnostics;
using System.Text.Json.Nodes;
using CellNotebooks.Runner.Execution;
using CellNotebooks.Tests.Runner;

namespace CellNotebooks.Tests.Notebooks;

/// <summary>
/// Every committed notebook runs headless on the .NET Interactive kernel with its smoke preset (this is how notebooks
/// stay working), and its executed copy stays light enough to open and diff.
/// </summary>
[Collection("Torch")]
public sealed class NotebookExecutionTests : IDisposable
{
    /// <summary>Largest executed notebook that still opens quickly in VS Code and diffs sensibly.</summary>
    private const double MaxExecutedMegabytes = 5;

    private readonly TempNotebook temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public async Task Notebook_runs_with_the_smoke_preset(string file)
    {
        // The CLI run is shared with the browser tests (Browser/RenderedPageTests), which look at the same pages.
        var run = await SmokeWorkbook.RunAsync(file);

        Assert.True(File.Exists(run.ExecutedPath), $"no executed notebook {run.ExecutedPath}; cellnb said:\n{run.Tail()}");
        var cells = ((JsonArray)JsonNode.Parse(File.ReadAllText(run.ExecutedPath))!["cells"]!).OfType<JsonObject>().ToList();
        var errors = cells.SelectMany(c => c["outputs"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(o => (string?)o["output_type"] == "error")
            .Select(o => $"{o["ename"]}: {o["evalue"]}\n{string.Join('\n', (o["traceback"] as JsonArray ?? []).Select(t => (string?)t))}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n\n", errors));
        Assert.True(File.Exists(run.HtmlPath));
        Assert.All(cells.Where(c => (string?)c["cell_type"] == "code"), c => Assert.True(c["execution_count"] is not null, $"a cell did not run; cellnb said:\n{run.Tail()}"));
        Assert.Null(ValidateWithNbformat(run.ExecutedPath));
        var megabytes = new FileInfo(run.ExecutedPath).Length / 1e6;
        Assert.True(megabytes <= MaxExecutedMegabytes, $"{file}: the executed notebook is {megabytes:F1} MB (at most {MaxExecutedMegabytes} MB: show images at display size)");
    }

    [Fact]
    public async Task SimClr_notebook_starts_from_an_encoder_weights_file_and_scores_that_start()
    {
        // A torchvision-named ResNet-18 of the smoke preset's width with its 1000-class head, standing in for
        // ImageNet weights converted with TorchSharp's exportsd.py.
        string weights = Path.Combine(temp.Root, "resnet18-width16.dat");
        using (var resnet = new CellNotebooks.Nn.ResNet(18, numClasses: 1000, width: 16)) resnet.save(weights);
        var result = await NotebookRunner.RunAsync(Path.Combine(NotebookFiles.Folder, "05-simclr-nsc-nscb.ipynb"),
            temp.Options(("Preset", "smoke"), ("EncoderWeights", weights)));

        Assert.True(result.Succeeded, result.Describe());
        string executed = File.ReadAllText(result.ExecutedPath);
        Assert.Contains("encoder from EncoderWeights, no SimCLR training", executed);
        Assert.Contains("SimCLR from scratch", executed);   // CompareFromScratch trains the same options from a random start
        Assert.Contains("random ResNet-18, BatchNorm statistics of the data", executed);
    }

    /// <summary>Validates with Debian's python3-nbformat when it is installed (CI installs it); null = valid or unavailable.</summary>
    private static string? ValidateWithNbformat(string path)
    {
        if (!File.Exists("/usr/bin/python3")) return null;
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import sys\ntry:\n import nbformat\nexcept ImportError:\n sys.exit(0)\nnbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : error;
    }
}
