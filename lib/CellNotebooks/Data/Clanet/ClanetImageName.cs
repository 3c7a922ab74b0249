using System.Globalization;
using System.Text.RegularExpressions;

namespace CellNotebooks.Data.Clanet;

/// <summary>
/// A parsed AZGCB-BFID (Incucyte) image name <c>&lt;VIDxxxx&gt;_&lt;pos&gt;_&lt;flask&gt;_&lt;DD&gt;d&lt;HH&gt;h&lt;MM&gt;m.jpg</c>,
/// e.g. <c>VID1709_G7_1_02d12h00m.jpg</c> = experiment VID1709, flask position G7 (one position = one time-lapse
/// sequence), flask 1, day 2 + 12 h + 0 min. Upstream (<c>datasets/Cell_Sampling_new.py</c>) reads the time from
/// the last nine characters before the extension and the position from <c>name.split('_')[1]</c>, except for
/// HS-5 batch 2 whose sequence token is <c>split('_')[2]</c> (see <see cref="SequenceKey"/>).
/// </summary>
/// <param name="FileName">The file name as found on disk (no folder).</param>
/// <param name="Experiment">First token, e.g. <c>VID1709</c>.</param>
/// <param name="Position">Second token: the flask position, e.g. <c>G7</c>.</param>
/// <param name="Flask">Tokens between the position and the time point joined by '_', e.g. <c>1</c>.</param>
/// <param name="Day">Days of the time point (<c>DD</c>).</param>
/// <param name="Hour">Hours of the time point (<c>HH</c>).</param>
/// <param name="Minute">Minutes of the time point (<c>MM</c>).</param>
public sealed partial record ClanetImageName(string FileName, string Experiment, string Position, string Flask, int Day, int Hour, int Minute)
{
    /// <summary>
    /// Time point in hours as upstream computes it: <c>24·DD + HH + ceil(MM/60)</c> (so 30 minutes count as a full
    /// hour; the TSS sampler works on whole hours).
    /// </summary>
    public int TimeHours => 24 * Day + Hour + (Minute + 59) / 60;

    /// <summary>Exact time point in hours (<c>24·DD + HH + MM/60</c>), for plots.</summary>
    public double ExactHours => 24 * Day + Hour + Minute / 60.0;

    /// <summary>The time token as written in the name, e.g. <c>02d12h00m</c>.</summary>
    public string TimeToken => $"{Day:00}d{Hour:00}h{Minute:00}m";

    /// <summary>
    /// The token that defines the time-lapse sequence (bag) of this image in cell line <paramref name="line"/>,
    /// batch <paramref name="batch"/>: the flask position, except for HS-5 batch 2 where upstream uses the third
    /// token (<c>split('_')[2]</c>; the batch-stratified split files list that batch's only "position" as
    /// <c>'83015'</c>).
    /// </summary>
    public string SequenceKey(string line, int batch) => IsFlaskTokenSequence(line, batch) ? Flask : Position;

    /// <summary>True for the one (line, batch) pair whose sequence token is the third name token (HS-5, batch 2).</summary>
    public static bool IsFlaskTokenSequence(string line, int batch) =>
        batch == 2 && string.Equals(line, "HS-5", StringComparison.OrdinalIgnoreCase);

    /// <summary>Formats a name in the real convention, e.g. <c>Format("VID1709","G7","1",2,12,0)</c> → <c>VID1709_G7_1_02d12h00m.jpg</c>.</summary>
    public static string Format(string experiment, string position, string flask, int day, int hour, int minute, string extension = ".jpg")
    {
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || day is < 0 or > 99)
            throw new ArgumentOutOfRangeException(nameof(day), $"Time point {day}d{hour}h{minute}m is outside 00d00h00m..99d23h59m.");
        return $"{experiment}_{position}_{flask}_{day:00}d{hour:00}h{minute:00}m{extension}";
    }

    /// <summary>Parses a file name (a path is accepted; only its last component is used).</summary>
    /// <exception cref="FormatException">The name does not follow the convention; the message names it and says why.</exception>
    public static ClanetImageName Parse(string fileNameOrPath) =>
        TryParse(fileNameOrPath, out var name, out var error) ? name : throw new FormatException(error);

    /// <summary>Parses a file name; on failure returns false and a message naming the file and the problem.</summary>
    public static bool TryParse(string fileNameOrPath, out ClanetImageName name, out string error)
    {
        name = null!;
        var file = Path.GetFileName(fileNameOrPath);
        var stem = Path.GetFileNameWithoutExtension(file);
        var tokens = stem.Split('_');
        if (tokens.Length < 4)
        {
            error = $"Image name '{file}': expected <VIDxxxx>_<position>_<flask>_<DD>d<HH>h<MM>m.jpg (4 '_'-separated tokens), found {tokens.Length}.";
            return false;
        }
        var m = TimePattern().Match(tokens[^1]);
        if (!m.Success)
        {
            error = $"Image name '{file}': the last token '{tokens[^1]}' is not a time point like 02d12h00m.";
            return false;
        }
        int day = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int hour = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        int minute = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (hour > 23 || minute > 59)
        {
            error = $"Image name '{file}': time point '{tokens[^1]}' has hours > 23 or minutes > 59.";
            return false;
        }
        if (tokens[0].Length == 0 || tokens[1].Length == 0)
        {
            error = $"Image name '{file}': empty experiment or position token.";
            return false;
        }
        name = new ClanetImageName(file, tokens[0], tokens[1], string.Join('_', tokens[2..^1]), day, hour, minute);
        error = "";
        return true;
    }

    [GeneratedRegex(@"^(\d{2})d(\d{2})h(\d{2})m$")]
    private static partial Regex TimePattern();
}
