namespace CellNotebooks.Tests.Browser;

/// <summary>The browser tests: one Chromium at a time (it and the notebook runs it waits on are heavy on 2 cores).</summary>
[CollectionDefinition("Browser", DisableParallelization = true)]
public sealed class BrowserCollection;
