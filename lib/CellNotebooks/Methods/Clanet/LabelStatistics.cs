using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Areas and bounding boxes of the components of a CV_32S label map (from <c>Cv2.ConnectedComponents</c>), each in one
/// pass. Hand-written because OpenCV's <c>ConnectedComponentsWithStats</c> always computes boxes, areas and centroids
/// together, in its labelling loop: on a 1408×1040 mask that costs 8 ms against 2.4 ms for the labels alone, and stage 1
/// labels each image about ten times.
/// </summary>
internal static class LabelStatistics
{
    /// <summary>Pixel count of every label, 0 included (a continuous label map).</summary>
    public static unsafe int[] Areas(Mat labels, int n)
    {
        if (!labels.IsContinuous()) throw new ArgumentException("LabelStatistics.Areas needs a continuous label map.", nameof(labels));
        var area = new int[n];
        long total = labels.Total();
        var l = (int*)labels.DataPointer;
        for (long i = 0; i < total; i++) area[l[i]]++;
        return area;
    }

    /// <summary>Bounding box of every label but 0 (left empty), from one pass over the label map.</summary>
    public static unsafe Rect[] Boxes(Mat labels, int n)
    {
        var minX = new int[n];
        var minY = new int[n];
        var maxX = new int[n];
        var maxY = new int[n];
        Array.Fill(minX, int.MaxValue);
        Array.Fill(minY, int.MaxValue);
        Array.Fill(maxX, -1);
        Array.Fill(maxY, -1);
        int rows = labels.Rows, cols = labels.Cols;
        for (int y = 0; y < rows; y++)
        {
            var row = (int*)labels.Ptr(y);
            for (int x = 0; x < cols; x++)
            {
                int l = row[x];
                if (l == 0) continue;
                if (x < minX[l]) minX[l] = x;
                if (x > maxX[l]) maxX[l] = x;
                if (y < minY[l]) minY[l] = y;
                maxY[l] = y;
            }
        }
        var boxes = new Rect[n];
        for (int l = 1; l < n; l++) boxes[l] = new Rect(minX[l], minY[l], maxX[l] - minX[l] + 1, maxY[l] - minY[l] + 1);
        return boxes;
    }
}
