namespace CellNotebooks.Notebooks;

/// <summary>
/// How much work a notebook does. Every notebook's parameters cell holds <c>Preset</c> as a string
/// ("smoke" | "demo" | "paper") and every options record has a <c>For(Preset)</c> factory.
/// </summary>
public enum Preset
{
    /// <summary>Seconds: tiny data and a handful of steps; what the tests execute.</summary>
    Smoke,

    /// <summary>Minutes on a 2-core CPU with results that mean something on the built-in demo data (the default).</summary>
    Demo,

    /// <summary>The upstream paper's settings (real data, a GPU, hours to days).</summary>
    Paper,
}

/// <summary>Parsing of the preset names used in notebooks and on the command line.</summary>
public static class Presets
{
    /// <summary>Parses "smoke", "demo" or "paper" (any case); anything else is an error that lists the names.</summary>
    public static Preset Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "smoke" => Preset.Smoke,
        "demo" => Preset.Demo,
        "paper" => Preset.Paper,
        _ => throw new ArgumentException($"Unknown preset '{name}': use smoke, demo or paper.", nameof(name)),
    };
}
