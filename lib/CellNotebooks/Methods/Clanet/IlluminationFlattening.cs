using OpenCvSharp;

namespace CellNotebooks.Methods.Clanet;

/// <summary>
/// Flat-field correction of an 8-bit brightfield image before CLANet's stretch and Otsu threshold (a departure from
/// upstream, which thresholds the raw field: <see cref="PatchSelectionOptions.Illumination"/>). The illumination is
/// modelled as multiplicative and smooth: a polynomial of degree <see cref="PatchSelectionOptions.IlluminationDegree"/>
/// in x and y is fitted by least squares to the image shrunk 8× (area average), three times, each time without the
/// pixels more than 2.5 robust standard deviations (1.4826·MAD) from the last fit — the cells, dark bodies and bright
/// halos alike — and the image is divided by it and multiplied by its median, so the background is flat at its usual
/// grey level. A global Otsu threshold then separates cells from background instead of following the gradient.
/// </summary>
public static class IlluminationFlattening
{
    private const int Shrink = 8;
    private const double RejectSigmas = 2.5;

    /// <summary>The corrected image (a new 8-bit Mat of the same size).</summary>
    public static Mat Apply(Mat gray, int degree = 2)
    {
        var (coef, terms, level) = Coefficients(gray, degree);
        int w = gray.Cols, h = gray.Rows;
        var (powU, powV) = Powers(w, h, degree);
        gray.GetArray(out byte[] g);
        var result = new byte[g.Length];
        var row = new double[degree + 1];
        for (int y = 0; y < h; y++)
        {
            Array.Clear(row);
            for (int j = 0; j < terms.Length; j++) row[terms[j].Px] += coef[j] * powV[terms[j].Py][y];
            for (int x = 0; x < w; x++)
            {
                double p = 0;
                for (int d = 0; d <= degree; d++) p += row[d] * powU[d][x];
                int i = y * w + x;
                result[i] = (byte)Math.Clamp(Math.Round(g[i] * level / Math.Max(1.0, p)), 0, 255);
            }
        }
        return Mat.FromPixelData(h, w, MatType.CV_8UC1, result).Clone();
    }

    /// <summary>The fitted illumination field (32-bit float, grey levels, the image's size).</summary>
    public static Mat Fit(Mat gray, int degree = 2)
    {
        var (coef, terms, _) = Coefficients(gray, degree);
        int w = gray.Cols, h = gray.Rows;
        var (powU, powV) = Powers(w, h, degree);
        var field = new float[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double p = 0;
                for (int j = 0; j < terms.Length; j++) p += coef[j] * powU[terms[j].Px][x] * powV[terms[j].Py][y];
                field[y * w + x] = (float)p;
            }
        return Mat.FromPixelData(h, w, MatType.CV_32FC1, field).Clone();
    }

    // Robust fit on the shrunk image: coefficients, their terms, and the median of the fitted field (the flat level).
    private static (double[] Coef, (int Px, int Py)[] Terms, double Level) Coefficients(Mat gray, int degree)
    {
        ArgumentNullException.ThrowIfNull(gray);
        if (gray.Empty() || gray.Type() != MatType.CV_8UC1) throw new ArgumentException("IlluminationFlattening needs a non-empty 8-bit single-channel image.", nameof(gray));
        if (degree is < 0 or > 4) throw new ArgumentOutOfRangeException(nameof(degree), degree, "degree must be in 0..4.");
        int sw = Math.Max(1, gray.Cols / Shrink), sh = Math.Max(1, gray.Rows / Shrink);
        using var small = new Mat();
        Cv2.Resize(gray, small, new Size(sw, sh), 0, 0, InterpolationFlags.Area);
        small.GetArray(out byte[] values);
        var terms = Terms(degree);
        var (powU, powV) = Powers(sw, sh, degree);
        int n = values.Length, k = terms.Length;
        var design = new double[n, k];
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++)
                for (int j = 0; j < k; j++) design[y * sw + x, j] = powU[terms[j].Px][x] * powV[terms[j].Py][y];
        var keep = Enumerable.Repeat(true, n).ToArray();
        var coef = new double[k];
        var fitted = new double[n];
        for (int round = 0; round < 3; round++)
        {
            coef = LeastSquares(design, values, keep);
            var residuals = new double[n];
            for (int i = 0; i < n; i++)
            {
                fitted[i] = Evaluate(design, i, coef);
                residuals[i] = Math.Abs(values[i] - fitted[i]);
            }
            double sigma = 1.4826 * Median(residuals);
            if (sigma <= 0) break;
            for (int i = 0; i < n; i++) keep[i] = Math.Abs(values[i] - fitted[i]) <= RejectSigmas * sigma;
        }
        for (int i = 0; i < n; i++) fitted[i] = Evaluate(design, i, coef);
        return (coef, terms, Median(fitted));
    }

    // u^d for every column and v^d for every row, u, v in [−1, 1] (pixel centres).
    private static (double[][] U, double[][] V) Powers(int w, int h, int degree)
    {
        double[][] Table(int size) => [.. Enumerable.Range(0, degree + 1).Select(d => Enumerable.Range(0, size).Select(i => Math.Pow(Normalised(i + 0.5, size), d)).ToArray())];
        return (Table(w), Table(h));
    }

    private static (int Px, int Py)[] Terms(int degree) =>
        [.. Enumerable.Range(0, degree + 1).SelectMany(d => Enumerable.Range(0, d + 1).Select(py => (d - py, py)))];

    private static double Normalised(double c, int size) => 2 * c / size - 1;

    private static double Evaluate(double[,] design, int row, double[] coef)
    {
        double s = 0;
        for (int j = 0; j < coef.Length; j++) s += design[row, j] * coef[j];
        return s;
    }

    // Normal equations (k ≤ 15 terms on x, y in [−1, 1]: well conditioned), solved by Gaussian elimination.
    private static double[] LeastSquares(double[,] design, byte[] target, bool[] keep)
    {
        int k = design.GetLength(1);
        var a = new double[k, k + 1];
        for (int i = 0; i < target.Length; i++)
        {
            if (!keep[i]) continue;
            for (int r = 0; r < k; r++)
            {
                double dr = design[i, r];
                for (int c = 0; c < k; c++) a[r, c] += dr * design[i, c];
                a[r, k] += dr * target[i];
            }
        }
        for (int col = 0; col < k; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < k; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (int c = 0; c <= k; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            if (Math.Abs(a[col, col]) < 1e-12) return [.. Enumerable.Range(0, k).Select(j => j == 0 ? target.Average(b => (double)b) : 0)];
            for (int r = 0; r < k; r++)
            {
                if (r == col) continue;
                double factor = a[r, col] / a[col, col];
                for (int c = col; c <= k; c++) a[r, c] -= factor * a[col, c];
            }
        }
        return [.. Enumerable.Range(0, k).Select(j => a[j, k] / a[j, j])];
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0) return 0;
        Array.Sort(values);
        int m = values.Length / 2;
        return values.Length % 2 == 1 ? values[m] : 0.5 * (values[m - 1] + values[m]);
    }
}
