using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.Dino;

/// <summary>
/// DINO multi-crop augmentation on tensors for a whole batch (B×C×H×W, values in [0, 1]) → global views then local
/// views, each B×C×s×s. All random parameters come from the managed <see cref="Random"/> passed in, drawn view by
/// view and sample by sample, so the same generator state gives the same views. See <see cref="MultiCropFlavour"/>
/// for the two recipes. Resized crops use torchvision's <c>RandomResizedCrop.get_params</c> (10 tries, ratio
/// 3/4–4/3, centre-crop fallback) and bicubic resizing with antialiasing, clamped to [0, 1] as PIL's 8-bit output
/// is. Colour jitter applies brightness and contrast in a random order as torchvision's <c>ColorJitter</c>.
/// </summary>
public sealed class MultiCropAugmentation
{
    private static readonly double LogRatioMin = Math.Log(3.0 / 4.0), LogRatioMax = Math.Log(4.0 / 3.0);

    // TorchSharp 0.107 does not track Scalars in dispose scopes, and an implicit one (the `1` behind `a + b`, the bounds
    // of clamp) is only referenced by the stack: the finaliser thread can free it while libtorch still reads it. A
    // uniDINO demo run died that way after ~1,000 steps ("Expected false to be true" in Scalar::toFloat, inside add),
    // so the per-step ops here use Scalars that live as long as the process.
    private static readonly Scalar Zero = 0.0.ToScalar(), One = 1.0.ToScalar();

    /// <summary>Creates the augmentation.</summary>
    public MultiCropAugmentation(MultiCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The settings.</summary>
    public MultiCropOptions Options { get; }

    /// <summary>Returns <c>GlobalCrops + LocalCrops</c> views of the batch (global first).</summary>
    public Tensor[] Apply(Tensor images, Random rng)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(rng);
        if (images.dim() != 4) throw new ArgumentException($"Expected a B×C×H×W batch, got [{string.Join("×", images.shape)}].", nameof(images));
        var views = new Tensor[Options.Crops];
        for (int v = 0; v < views.Length; v++)
        {
            bool global = v < Options.GlobalCrops;
            int size = global ? Options.GlobalSize : Options.LocalSize;
            using var scope = torch.NewDisposeScope();
            var view = Options.Flavour == MultiCropFlavour.Clanet
                ? ClanetView(images, size, global ? Options.GlobalScale : Options.LocalScale, rng)
                : UniDinoView(images, size, rng);
            views[v] = view.MoveToOuterDisposeScope();
        }
        return views;
    }

    private Tensor ClanetView(Tensor x, int size, Interval scale, Random rng)
    {
        long b = x.shape[0], c = x.shape[1];
        int h = (int)x.shape[2], w = (int)x.shape[3];
        var crops = new Tensor[b];
        var apply = new bool[b];
        var brightnessFirst = new bool[b];
        var bright = new float[b];
        var contrast = new float[b];
        for (int i = 0; i < b; i++)
        {
            var (top, left, ch, cw) = ResizedCropParams(h, w, scale, rng);
            var crop = x[i].narrow(1, top, ch).narrow(2, left, cw).unsqueeze(0);           // 1×C×ch×cw
            var img = nn.functional.interpolate(crop, size: [size, size], mode: InterpolationMode.Bicubic,
                align_corners: false, antialias: true).squeeze(0);                          // C×s×s
            if (rng.NextDouble() < Options.VerticalFlip) img = img.flip(-2);
            if (rng.NextDouble() < Options.HorizontalFlip) img = img.flip(-1);
            crops[i] = img;
            apply[i] = rng.NextDouble() < Options.JitterProbability;
            brightnessFirst[i] = rng.Next(2) == 0;
            bright[i] = (float)new Interval(Math.Max(0, 1 - Options.Brightness), 1 + Options.Brightness).Sample(rng);
            contrast[i] = (float)new Interval(Math.Max(0, 1 - Options.Contrast), 1 + Options.Contrast).Sample(rng);
        }
        var batch = torch.stack(crops).clamp(Zero, One);                                       // B×C×s×s
        var dev = x.device;
        var bf = torch.tensor(bright, device: dev).view(b, 1, 1, 1);
        var cf = torch.tensor(contrast, device: dev).view(b, 1, 1, 1);
        var first = torch.tensor(brightnessFirst, device: dev).view(b, 1, 1, 1);
        var on = torch.tensor(apply, device: dev).view(b, 1, 1, 1);
        var bThenC = Contrast(Brightness(batch, bf), cf, c);
        var cThenB = Brightness(Contrast(batch, cf, c), bf);
        return torch.where(on, torch.where(first, bThenC, cThenB), batch);
    }

    private Tensor UniDinoView(Tensor x, int size, Random rng)
    {
        long b = x.shape[0], c = x.shape[1];
        int h = (int)x.shape[2], w = (int)x.shape[3];
        if (h < size || w < size)
            throw new ArgumentException($"Images of {h}×{w} px are smaller than the {size}-px random crop.");
        var crops = new Tensor[b];
        var shift = new float[b * c];
        var gamma = new float[b];
        for (int i = 0; i < b; i++)
        {
            int top = rng.Next(h - size + 1), left = rng.Next(w - size + 1);
            var img = x[i].narrow(1, top, size).narrow(2, left, size);                      // C×s×s
            if (rng.NextDouble() < Options.HorizontalFlip) img = img.flip(-1);
            if (rng.NextDouble() < Options.VerticalFlip) img = img.flip(-2);
            crops[i] = img;
            for (int k = 0; k < c; k++) shift[i * c + k] = (float)new Interval(-Options.ChannelShift, Options.ChannelShift).Sample(rng);
            gamma[i] = (float)Options.Gamma.Sample(rng);
        }
        var batch = torch.stack(crops);                                                    // B×C×s×s
        var s = torch.tensor(shift, device: x.device).view(b, c, 1, 1);
        var g = torch.tensor(gamma, device: x.device).view(b, 1, 1, 1);
        return batch.add_(s, One).clamp_(Zero, One).pow_(g).clamp_(Zero, One);
    }

    /// <summary>torchvision <c>RandomResizedCrop.get_params</c> with ratio (3/4, 4/3): (top, left, height, width).</summary>
    public static (int Top, int Left, int Height, int Width) ResizedCropParams(int height, int width, Interval scale, Random rng)
    {
        double area = (double)height * width;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * scale.Sample(rng);
            double aspect = Math.Exp(LogRatioMin + (LogRatioMax - LogRatioMin) * rng.NextDouble());
            int w = (int)Math.Round(Math.Sqrt(target * aspect));
            int h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height)
                return (rng.Next(height - h + 1), rng.Next(width - w + 1), h, w);
        }
        double inRatio = (double)width / height;
        int fw = width, fh = height;
        if (inRatio < 3.0 / 4.0) fh = (int)Math.Round(fw / (3.0 / 4.0));
        else if (inRatio > 4.0 / 3.0) fw = (int)Math.Round(fh * (4.0 / 3.0));
        return ((height - fh) / 2, (width - fw) / 2, fh, fw);
    }

    private static Tensor Brightness(Tensor x, Tensor factor) => (x * factor).clamp(Zero, One);

    /// <summary>torchvision <c>adjust_contrast</c>: blend with the mean grey level of each image.</summary>
    private static Tensor Contrast(Tensor x, Tensor factor, long channels)
    {
        var grey = channels == 3
            ? x.select(1, 0) * 0.299 + x.select(1, 1) * 0.587 + x.select(1, 2) * 0.114       // B×s×s
            : x.mean([1]);
        var mean = grey.mean([1, 2], keepdim: true).unsqueeze(1);                             // B×1×1×1
        return (x * factor + mean * (1 - factor)).clamp(Zero, One);
    }
}
