namespace CellNotebooks.Data.Clanet;

/// <summary>
/// Natural ("human") string order as Python's <c>natsort.natsorted</c> gives it for file and folder names: digit
/// runs compare as numbers (<c>batch_2</c> &lt; <c>batch_10</c>, <c>C9</c> &lt; <c>C11</c>), other characters
/// ordinally. Upstream natsorts line folders, batch folders and image names before building sequences.
/// </summary>
public sealed class NaturalOrder : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static NaturalOrder Instance { get; } = new();

    /// <summary>Sorts a sequence naturally (stable).</summary>
    public static IReadOnlyList<string> Sort(IEnumerable<string> items) => items.OrderBy(s => s, Instance).ToList();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (si < x.Length && x[si] == '0') si++;
                while (sj < y.Length && y[sj] == '0') sj++;
                int ei = si, ej = sj;
                while (ei < x.Length && char.IsAsciiDigit(x[ei])) ei++;
                while (ej < y.Length && char.IsAsciiDigit(y[ej])) ej++;
                int lenCmp = (ei - si).CompareTo(ej - sj);
                if (lenCmp != 0) return lenCmp;
                int digits = string.CompareOrdinal(x, si, y, sj, ei - si);
                if (digits != 0) return digits;
                // Equal values: fewer leading zeros first, like natsort's tie-break on the original text.
                int zeros = (si - i).CompareTo(sj - j);
                if (zeros != 0) return zeros;
                i = ei;
                j = ej;
            }
            else
            {
                int c = x[i].CompareTo(y[j]);
                if (c != 0) return c;
                i++;
                j++;
            }
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }
}
