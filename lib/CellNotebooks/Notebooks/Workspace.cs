namespace CellNotebooks.Notebooks;

/// <summary>
/// Where notebooks keep what they produce for each other (demo data, patch tables, checkpoints, features), one
/// folder per preset so a smoke run never reuses demo results. A notebook reuses an artifact when it exists for its
/// preset and otherwise produces it through the library, so every notebook also runs on its own.
/// </summary>
public sealed class Workspace
{
    private Workspace(string root, Preset preset)
    {
        Preset = preset;
        Root = Path.Combine(root, preset.ToString().ToLowerInvariant());
        Directory.CreateDirectory(Root);
    }

    /// <summary>The preset this workspace belongs to.</summary>
    public Preset Preset { get; }

    /// <summary>Absolute path of this preset's folder.</summary>
    public string Root { get; }

    /// <summary>
    /// The workspace for a preset: under <c>CELLNB_WORK</c> when set, otherwise <c>artifacts/work</c> in the
    /// repository that contains the current directory (found by <c>CellNotebooks.sln</c>), otherwise the current directory.
    /// </summary>
    public static Workspace For(string preset) => For(Presets.Parse(preset));

    /// <inheritdoc cref="For(string)"/>
    public static Workspace For(Preset preset)
    {
        var env = Environment.GetEnvironmentVariable("CELLNB_WORK");
        var root = !string.IsNullOrWhiteSpace(env) ? env : Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "artifacts", "work");
        return new Workspace(root, preset);
    }

    /// <summary>A folder inside the workspace (created), e.g. <c>Folder("clanet", "patches")</c>.</summary>
    public string Folder(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A file path inside the workspace (its folder is created; the file is not).</summary>
    public string File(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>The closest folder at or above the current directory holding <c>CellNotebooks.sln</c>, or null.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "CellNotebooks.sln"))) return dir.FullName;
        return null;
    }
}
