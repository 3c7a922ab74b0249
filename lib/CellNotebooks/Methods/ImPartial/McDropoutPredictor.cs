using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.ImPartial;

/// <summary>
/// Whole-image inference with MC-dropout (<c>get_impartial_outputs</c>, methods.md §5.7): the model in eval mode with
/// its dropout layers sampling, T passes (batched), softmax over the K components, foreground probability P_f per
/// pass, then mean, variance and entropy. ⚠ Upstream leaves the prediction undefined for <c>mcdrop_it == 1</c>; here
/// T ≤ 1 means one deterministic pass with dropout off (variance 0). Any image size works (the U-Net pads).
/// </summary>
public static class McDropoutPredictor
{
    /// <summary>Predicts one image with <paramref name="passes"/> (default <c>options.McPasses</c>) MC-dropout passes.</summary>
    public static ImPartialPrediction Predict(UNet model, ImPartialImage image, ImPartialOptions options, int? passes = null, int chunk = 5)
    {
        int t = Math.Max(1, passes ?? options.McPasses);
        int h = image.Height, w = image.Width, k = options.Components, kf = options.ForegroundComponents;
        bool wasTraining = model.training;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        if (t > 1) model.EnableMcDropout();
        else model.eval();
        var x = torch.tensor(image.Planes.SelectMany(p => p).ToArray(), [1, image.Channels, h, w]).to(ComputeDevice.Default);
        var passesPf = new List<Tensor>();
        for (int done = 0; done < t; done += chunk)
        {
            int n = Math.Min(chunk, t - done);
            var output = model.forward(x.expand(n, -1, -1, -1));               // n×(K+K·R)×H×W
            passesPf.Add(output[.., ..k].softmax(1)[.., ..kf].sum(1));          // n×H×W
        }
        var all = torch.cat(passesPf, 0);                                      // T×H×W
        var mean = all.mean([0]);
        var variance = (all - mean).pow(2).mean([0]);                          // population variance (np.var)
        var p = mean.clamp(1e-5, 1 - 1e-5);
        var entropy = -p * p.log() - (1 - p) * (1 - p).log();
        var result = new ImPartialPrediction(w, h, t, Floats(mean), t > 1 ? Floats(variance) : new float[w * h], Floats(entropy));
        model.train(wasTraining);
        return result;
    }

    private static float[] Floats(Tensor t) => t.cpu().contiguous().data<float>().ToArray();
}
