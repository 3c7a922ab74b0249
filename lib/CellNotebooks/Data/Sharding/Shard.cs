using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CellNotebooks.Data.Sharding;

/// <summary>
/// One of <see cref="Count"/> parts of a job, written <c>i/n</c> with a <b>0-based</b> index i (0 ≤ i &lt; n), so
/// a scheduler's task index passes through unchanged: SLURM's <c>$SLURM_ARRAY_TASK_ID</c> with
/// <c>--array=0-(n-1)</c>, Kubernetes' <c>$JOB_COMPLETION_INDEX</c> of an indexed job. The partition of N items
/// (<see cref="Range"/>) is contiguous and balanced — shard i gets items ⌊i·N/n⌋ … ⌊(i+1)·N/n⌋−1 — so it depends
/// only on N, i and n (the same on every machine), every item lands in exactly one shard, and concatenating the
/// shards' outputs in index order gives the unsharded order.
/// </summary>
public sealed record Shard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/> (0-based index).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 1, or index outside 0..count−1.</exception>
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, $"A job splits into at least 1 shard, not {count}.");
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Shard index {index} is outside 0..{count - 1} (shard indices are 0-based).");
        Index = index;
        Count = count;
    }

    /// <summary>The whole job as one shard (0/1).</summary>
    public static Shard All => new(0, 1);

    /// <summary>0-based shard index.</summary>
    public int Index { get; }

    /// <summary>Number of shards.</summary>
    public int Count { get; }

    /// <summary>True for <see cref="All"/>.</summary>
    public bool IsWhole => Count == 1;

    /// <summary>
    /// Parses <c>i/n</c> (0-based i). The message of the <see cref="FormatException"/> quotes the text, says what
    /// was expected and, for <c>n/n</c>, that indices are 0-based (the usual mistake with 1-based counting).
    /// </summary>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        const string Expected = "expected i/n with 0 <= i < n, e.g. 0/4 .. 3/4 (0-based, like SLURM_ARRAY_TASK_ID with --array=0-3 or JOB_COMPLETION_INDEX)";
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new FormatException($"Shard '{text}' is not of the form i/n: {Expected}.");
        if (n < 1) throw new FormatException($"Shard '{text}': the shard count must be at least 1; {Expected}.");
        if (i >= n)
            throw new FormatException($"Shard '{text}': index {i} is out of range for {n} shard(s); {Expected}."
                + (i == n ? $" For the last of {n} shards write {n - 1}/{n}." : ""));
        return new Shard(i, n);
    }

    /// <summary>Like <see cref="Parse"/>, without throwing; <paramref name="error"/> holds the message on failure.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Shard? shard, out string? error)
    {
        shard = null;
        error = null;
        if (text is null)
        {
            error = "No shard given.";
            return false;
        }
        try
        {
            shard = Parse(text);
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>This shard's items among <paramref name="total"/>: the half-open range [Start, End).</summary>
    public (int Start, int End) Range(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        // long arithmetic: i·N overflows int for large plates split many ways.
        return ((int)((long)Index * total / Count), (int)((long)(Index + 1) * total / Count));
    }

    /// <summary>Whether item <paramref name="item"/> of <paramref name="total"/> belongs to this shard.</summary>
    public bool Contains(int item, int total)
    {
        var (start, end) = Range(total);
        return item >= start && item < end;
    }

    /// <summary>The file name of this shard's output: <c>part-&lt;i&gt;-of-&lt;n&gt;&lt;extension&gt;</c>.</summary>
    public string PartFileName(string extension = ".parquet") =>
        string.Create(CultureInfo.InvariantCulture, $"part-{Index}-of-{Count}{extension}");

    /// <summary><c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
