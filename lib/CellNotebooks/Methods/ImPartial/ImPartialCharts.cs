using CellNotebooks.Plots;
using Plotly.NET;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Image panels of notebook 07 through the shared <see cref="ImageGrid"/> / <see cref="ImageRendering"/>: the channels
/// with ground truth, scribbles on the image, and probability / uncertainty / instance overlays.
/// </summary>
public static class ImPartialCharts
{
    /// <summary>Every channel of an image and, when it has one, its ground truth on channel 0.</summary>
    public static GenericChart Channels(ImPartialImage image, IReadOnlyList<string>? channelNames = null)
    {
        var uris = new List<string>();
        var titles = new List<string>();
        for (int c = 0; c < image.Channels; c++)
        {
            uris.Add(ImageRendering.Grey(Plane(image, c)));
            titles.Add(channelNames is not null && c < channelNames.Count ? channelNames[c] : $"channel {c}");
        }
        if (image.Labels is not null)
        {
            uris.Add(ImageRendering.WithLabels(Plane(image, 0), Labels(image.Labels, image.Width, image.Height)));
            titles.Add($"ground truth ({image.CellCount} cells)");
        }
        return ImageGrid.FromDataUris(uris, titles, columns: uris.Count, title: $"{image.Name}: channels and ground truth", panelPixels: 300);
    }

    /// <summary>Scribbles over channel 0 of each image (foreground in the first palette colour, background in the second).</summary>
    public static GenericChart Scribbles(IReadOnlyList<ImPartialImage> images, IReadOnlyList<Scribbles> scribbles, string title = "Simulated scribbles")
    {
        var uris = new List<string>();
        var titles = new List<string>();
        for (int i = 0; i < images.Count; i++)
        {
            var s = scribbles[i];
            var map = new int[s.Height, s.Width];
            for (int k = 0; k < s.Foreground.Length; k++) map[k / s.Width, k % s.Width] = s.Foreground[k] ? 1 : s.Background[k] ? 2 : 0;
            uris.Add(ImageRendering.WithLabels(Plane(images[i], 0), map, alpha: 0.8));
            titles.Add($"{images[i].Name}: {s.ScribbledCells.Count} of {images[i].CellCount} cells, {s.ForegroundPixels + s.BackgroundPixels} px");
        }
        return ImageGrid.FromDataUris(uris, titles, columns: uris.Count, title: title, panelPixels: 300);
    }

    /// <summary>Foreground probability, MC-dropout variance, entropy and instances (and ground truth when known).</summary>
    public static GenericChart Prediction(ImPartialImage image, ImPartialPrediction prediction, int[] instances, string title)
    {
        var plane = Plane(image, 0);
        int w = image.Width, h = image.Height;
        var uris = new List<string>
        {
            ImageRendering.WithHeat(plane, Map(prediction.Foreground, w, h)),
            ImageRendering.WithHeat(plane, Map(prediction.Variance, w, h)),
            ImageRendering.WithHeat(plane, Map(prediction.Entropy, w, h)),
            ImageRendering.WithLabels(plane, Labels(instances, w, h)),
        };
        var titles = new List<string> { "P(foreground), mean of passes", $"variance over {prediction.Passes} passes", "entropy", $"instances ({instances.Max()})" };
        if (image.Labels is not null)
        {
            uris.Add(ImageRendering.WithLabels(plane, Labels(image.Labels, w, h)));
            titles.Add($"ground truth ({image.CellCount})");
        }
        return ImageGrid.FromDataUris(uris, titles, columns: uris.Count, title: title, panelPixels: 260);
    }

    /// <summary>Instance maps of several methods side by side over channel 0.</summary>
    public static GenericChart Instances(ImPartialImage image, IReadOnlyList<(string Name, int[] Labels)> methods, string title)
    {
        var plane = Plane(image, 0);
        var uris = methods.Select(m => ImageRendering.WithLabels(plane, Labels(m.Labels, image.Width, image.Height))).ToList();
        return ImageGrid.FromDataUris(uris, [.. methods.Select(m => $"{m.Name} ({m.Labels.Max()})")], columns: uris.Count, title: title, panelPixels: 300);
    }

    /// <summary>Channel <paramref name="channel"/> as an H×W array.</summary>
    public static float[,] Plane(ImPartialImage image, int channel) => Map(image.Planes[channel], image.Width, image.Height);

    /// <summary>A row-major map as an H×W array.</summary>
    public static float[,] Map(float[] values, int width, int height)
    {
        var result = new float[height, width];
        for (int i = 0; i < values.Length; i++) result[i / width, i % width] = values[i];
        return result;
    }

    /// <summary>Row-major labels as an H×W array.</summary>
    public static int[,] Labels(int[] labels, int width, int height)
    {
        var result = new int[height, width];
        for (int i = 0; i < labels.Length; i++) result[i / width, i % width] = labels[i];
        return result;
    }
}
