using CellNotebooks.Tests.Notebooks;

namespace CellNotebooks.Tests.Browser;

/// <summary>
/// Every page of the executed smoke workbook, opened in headless Chromium and checked through the page's own Plotly
/// objects (<c>page-checks.js</c>): each chart has a usable plot area, every trace has data, tables show all their rows
/// and text, legend entries have distinct colours, nothing runs past the page column, no value is printed as a record's
/// ToString(), and the page logs no JavaScript error. A screenshot of each page goes to
/// <c>artifacts/screenshots/NN.png</c> for a person to look at (<c>CELLNB_CHART_SCREENSHOTS=1</c> also saves each chart
/// as <c>NN/chart-KK.png</c>).
/// </summary>
[Collection("Browser")]
public sealed class RenderedPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserTheory]
    [MemberData(nameof(NotebookFiles.Names), MemberType = typeof(NotebookFiles))]
    public async Task Page_reads_well_in_a_browser(string file)
    {
        var run = await SmokeWorkbook.RunAsync(file);
        Assert.True(File.Exists(run.HtmlPath), $"cellnb wrote no page {run.HtmlPath}:\n{run.Tail()}");
        var browser = fixture.Browser;

        browser.Open(run.HtmlPath);
        var screenshots = Path.Combine(Path.GetDirectoryName(NotebookFiles.Folder)!, "artifacts", "screenshots");
        var number = file[..file.IndexOf('-')];
        browser.SaveScreenshot(Path.Combine(screenshots, number + ".png"));
        if (Environment.GetEnvironmentVariable("CELLNB_CHART_SCREENSHOTS") == "1") browser.SaveChartScreenshots(Path.Combine(screenshots, number));
        var report = browser.Check();

        Assert.True(report.All.Count == 0,
            $"{run.Name}.html ({report.Charts} charts, {report.Tables} tables) in a {ChromiumBrowser.WindowWidth} px window:\n- " + string.Join("\n- ", report.All));
    }
}
