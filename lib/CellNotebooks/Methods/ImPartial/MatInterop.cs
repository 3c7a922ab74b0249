using System.Runtime.InteropServices;
using OpenCvSharp;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>Copies between managed row-major arrays and single-channel OpenCV mats (nothing is pinned or shared).</summary>
internal static class MatInterop
{
    public static Mat FromFloats(float[] data, int width, int height)
    {
        var mat = new Mat(height, width, MatType.CV_32FC1);
        Marshal.Copy(data, 0, mat.Data, data.Length);
        return mat;
    }

    public static Mat FromInts(int[] data, int width, int height)
    {
        var mat = new Mat(height, width, MatType.CV_32SC1);
        Marshal.Copy(data, 0, mat.Data, data.Length);
        return mat;
    }

    public static Mat FromMask(bool[] mask, int width, int height)
    {
        var bytes = new byte[mask.Length];
        for (int i = 0; i < mask.Length; i++) bytes[i] = mask[i] ? (byte)255 : (byte)0;
        var mat = new Mat(height, width, MatType.CV_8UC1);
        Marshal.Copy(bytes, 0, mat.Data, bytes.Length);
        return mat;
    }

    public static float[] Floats(Mat mat)
    {
        using var m = mat.Clone();
        var data = new float[m.Rows * m.Cols];
        Marshal.Copy(m.Data, data, 0, data.Length);
        return data;
    }

    public static int[] Ints(Mat mat)
    {
        using var m = mat.Clone();
        var data = new int[m.Rows * m.Cols];
        Marshal.Copy(m.Data, data, 0, data.Length);
        return data;
    }

    public static bool[] Mask(Mat mat)
    {
        using var m = mat.Clone();
        var bytes = new byte[m.Rows * m.Cols];
        Marshal.Copy(m.Data, bytes, 0, bytes.Length);
        return [.. bytes.Select(b => b != 0)];
    }
}
