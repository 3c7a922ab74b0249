namespace CellNotebooks.Tests.Notebooks;

/// <summary>The committed notebooks (notebooks/*.ipynb of the repository holding the test binaries).</summary>
public static class NotebookFiles
{
    public static string Folder { get; } = FindFolder();

    /// <summary>File names in name order, as xUnit member data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in All()) data.Add(Path.GetFileName(file));
        return data;
    }

    public static IReadOnlyList<string> All() => [.. Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal)];

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CellNotebooks.sln"))) return Path.Combine(dir.FullName, "notebooks");
        throw new DirectoryNotFoundException("No CellNotebooks.sln above " + AppContext.BaseDirectory);
    }
}
