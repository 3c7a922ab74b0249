using CellNotebooks.Methods.Clanet;
using OpenCvSharp;

namespace CellNotebooks.Tests.Methods.Clanet;

/// <summary>
/// <see cref="BinaryMorphology"/> against scipy on two hashed test masks: every expected pair (foreground count,
/// position checksum) was printed by <c>Reference/binary_morphology_reference.py</c> (Debian's <c>/usr/bin/python3</c>,
/// python3-numpy 1.24, python3-scipy 1.10), which builds the same masks from the same integer hash.
/// </summary>
public sealed class BinaryMorphologyReferenceTests
{
    private const int H = 257, W = 311;

    [Theory]
    [InlineData(50, 40183, 1594108085L)]
    [InlineData(62, 48513, 1927812652L)]
    public void The_test_mask_is_the_scripts(int percent, int count, long checksum)
    {
        using var m = Mask(percent);
        Assert.Equal((count, checksum), Summary(m));
    }

    [Theory]
    [InlineData(50, 1, 41764, 1653087683L)]  // scipy's 3×3 structure: 8-connected background
    [InlineData(50, 3, 41764, 1653087683L)]
    [InlineData(50, 6, 40188, 1594276434L)]  // upstream's 6×6 structure
    [InlineData(62, 1, 69721, 578071023L)]
    [InlineData(62, 3, 69721, 578071023L)]
    [InlineData(62, 6, 48572, 1929648388L)]
    public void FillHoles_matches_binary_fill_holes(int percent, int structure, int count, long checksum)
    {
        using var m = Mask(percent);
        using var filled = BinaryMorphology.FillHoles(m, structure);
        Assert.Equal((count, checksum), Summary(filled));
    }

    [Theory]
    [InlineData(50, 29228, 1137411558L)]
    [InlineData(62, 45278, 1782785787L)]
    public void RemoveSmallObjects_matches_4_connected_component_sizes(int percent, int count, long checksum)
    {
        using var m = Mask(percent);
        using var cleaned = BinaryMorphology.RemoveSmallObjects(m, 100);
        Assert.Equal((count, checksum), Summary(cleaned));
    }

    [Theory]
    [InlineData(50, 49342, 1954626819L)]
    [InlineData(62, 66653, 490510927L)]
    public void RemoveSmallHoles_matches_4_connected_hole_sizes(int percent, int count, long checksum)
    {
        using var m = Mask(percent);
        using var filled = BinaryMorphology.RemoveSmallHoles(m, 64);
        Assert.Equal((count, checksum), Summary(filled));
    }

    /// <summary>The script's <c>mask(percent)</c>: 3×3 blocks set with probability percent/100, pixels flipped with 8/100.</summary>
    private static Mat Mask(int percent)
    {
        var m = new Mat(H, W, MatType.CV_8UC1, Scalar.All(0));
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                bool block = Hash(y / 3, x / 3, 1) % 100 < percent;
                bool flip = Hash(y, x, 2) % 100 < 8;
                if (block != flip) m.Set<byte>(y, x, 255);
            }
        return m;
    }

    private static uint Hash(int a, int b, int salt)
    {
        unchecked
        {
            uint v = ((uint)a * 73856093u) ^ ((uint)b * 19349663u) ^ ((uint)salt * 83492791u);
            v ^= v >> 13;
            v *= 0x5BD1E995u;
            v ^= v >> 15;
            return v;
        }
    }

    private static (int Count, long Checksum) Summary(Mat m)
    {
        const long Mod = int.MaxValue; // 2^31 − 1
        Assert.Equal(new Size(W, H), m.Size());
        m.GetArray(out byte[] pixels);
        int count = 0;
        long sum = 0;
        for (int i = 0; i < pixels.Length; i++)
            if (pixels[i] != 0)
            {
                count++;
                sum = (sum + i) % Mod; // i = y·W + x
            }
        return (count, sum);
    }
}
