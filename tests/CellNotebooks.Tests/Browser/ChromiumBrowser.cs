using System.Reflection;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace CellNotebooks.Tests.Browser;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>) driven through Debian's <c>chromium-driver</c>
/// (<c>/usr/bin/chromedriver</c>) with Selenium; nothing is downloaded. Started with a new empty profile, no network
/// services and a 1400×900 window; every page gets <c>error-hook.js</c> before its own scripts run.
/// <c>CELLNB_CHROMIUM</c> and <c>CELLNB_CHROMEDRIVER</c> override the two paths.
/// </summary>
public sealed class ChromiumBrowser : IDisposable
{
    /// <summary>Window size the pages are looked at in (the issue's reader had 1400 px).</summary>
    public const int WindowWidth = 1400, WindowHeight = 900;

    private readonly ChromeDriver driver;
    private readonly string profile;

    /// <summary>Starts the browser; throws when Chromium or its driver is missing (see <see cref="Missing"/>).</summary>
    public ChromiumBrowser()
    {
        if (Missing() is { } missing) throw new InvalidOperationException(missing);
        profile = Path.Combine(Path.GetTempPath(), "cellnb-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            $"--user-data-dir={profile}", $"--window-size={WindowWidth},{WindowHeight}");
        driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromMinutes(1);
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = Resource("error-hook.js") });
    }

    /// <summary>The Chromium binary.</summary>
    public static string BrowserPath => Environment.GetEnvironmentVariable("CELLNB_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>The chromedriver binary.</summary>
    public static string DriverPath => Environment.GetEnvironmentVariable("CELLNB_CHROMEDRIVER") is { Length: > 0 } p ? p : "/usr/bin/chromedriver";

    /// <summary>True on CI (<c>CI=true</c>), where a missing browser is a failure rather than a skip.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser cannot start (a missing file), or null.</summary>
    public static string? Missing()
    {
        var missing = new[] { BrowserPath, DriverPath }.Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0 ? null
            : $"{string.Join(" and ", missing)} not found: install Debian's chromium and chromium-driver (apt-get install -y --no-install-recommends chromium chromium-driver).";
    }

    /// <summary>Opens a local page and waits until every chart on it has rendered (or 20 s passed).</summary>
    public void Open(string path)
    {
        driver.Navigate().GoToUrl(new Uri(Path.GetFullPath(path)).AbsoluteUri);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            var ready = driver.ExecuteScript(
                "return document.readyState === 'complete' && [...document.querySelectorAll('.js-plotly-plot')].every(g => g._fullLayout && g.querySelector('.main-svg'));");
            if (ready is true) break;
            Thread.Sleep(200);
        }
        // Let plotly finish its asynchronous second pass (table row heights, axis auto-margins).
        driver.ExecuteAsyncScript("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => setTimeout(done, 300));");
    }

    /// <summary>Runs <c>page-checks.js</c> on the open page.</summary>
    public PageReport Check()
    {
        var json = driver.ExecuteScript(Resource("page-checks.js")) as string ?? throw new InvalidOperationException("page-checks.js returned nothing.");
        var errors = driver.ExecuteScript("return window.__cellnbErrors || ['the error hook was not installed'];") as IEnumerable<object>;
        var report = JsonSerializer.Deserialize<PageReport>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        return report with { Errors = [.. (errors ?? []).Select(e => e?.ToString() ?? "")] };
    }

    /// <summary>
    /// Saves the whole page as PNG: <paramref name="path"/>, and for pages taller than <paramref name="maxHeight"/> px
    /// further parts next to it (<c>NN-2.png</c>, …; <c>CELLNB_SCREENSHOT_PART_PX</c> sets the part height). Returns the
    /// files written.
    /// </summary>
    public IReadOnlyList<string> SaveScreenshot(string path, int maxHeight = 12000)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("CELLNB_SCREENSHOT_PART_PX"), out var partPx) && partPx > 0) maxHeight = partPx;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var height = Convert.ToInt32(driver.ExecuteScript("return Math.ceil(document.documentElement.scrollHeight);"));
        var width = Convert.ToInt32(driver.ExecuteScript("return Math.ceil(document.documentElement.scrollWidth);"));
        var files = new List<string>();
        for (int top = 0, part = 1; top < height; top += maxHeight, part++)
        {
            var clip = new Dictionary<string, object?> { ["x"] = 0, ["y"] = top, ["width"] = width, ["height"] = Math.Min(maxHeight, height - top), ["scale"] = 1 };
            var shot = driver.ExecuteCdpCommand("Page.captureScreenshot",
                new Dictionary<string, object?> { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip });
            var file = part == 1 ? path : Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{part}.png");
            var data = (shot as IDictionary<string, object?>)?["data"] as string ?? throw new InvalidOperationException("Chromium returned no screenshot.");
            File.WriteAllBytes(file, Convert.FromBase64String(data));
            files.Add(file);
        }
        return files;
    }

    /// <summary>Saves each chart of the open page on its own (<c>folder/chart-KK.png</c>), for a closer look.</summary>
    public void SaveChartScreenshots(string folder)
    {
        Directory.CreateDirectory(folder);
        var charts = driver.FindElements(By.CssSelector(".js-plotly-plot"));
        for (int k = 0; k < charts.Count; k++)
        {
            driver.ExecuteScript("arguments[0].scrollIntoView();", charts[k]);
            ((ITakesScreenshot)charts[k]).GetScreenshot().SaveAsFile(Path.Combine(folder, $"chart-{k + 1:D2}.png"));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        driver.Quit();
        driver.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a lock file for a moment; a leftover profile in /tmp is harmless.
        }
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CellNotebooks.Tests.Browser." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
