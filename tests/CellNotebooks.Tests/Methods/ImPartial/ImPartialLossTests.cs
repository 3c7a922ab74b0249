using CellNotebooks.Methods.ImPartial;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.ImPartial;

[Collection("Torch")]
public sealed class ImPartialLossTests
{
    private static readonly ImPartialOptions Options = new() { ForegroundComponents = 1, BackgroundComponents = 1, RecChannels = [0] };

    [Fact]
    public void Terms_equal_a_hand_computation_on_a_two_by_two_image()
    {
        // Output: 2 logits + 2 mean maps (K = 2, one rec channel), B = 1, 1×2 pixels.
        float[] logits0 = [0f, 1f], logits1 = [1f, -1f], m0 = [0.5f, 0.2f], m1 = [-0.3f, 0.9f];
        using var output = torch.tensor(logits0.Concat(logits1).Concat(m0).Concat(m1).ToArray(), [1, 4, 1, 2]);
        using var target = torch.tensor(new float[] { 0.4f, -0.1f }, [1, 1, 1, 2]);
        using var mask = torch.tensor(new float[] { 0f, 1f }, [1, 1, 1, 2]);            // pixel 0 is a blind spot
        using var scribbles = torch.tensor(new float[] { 1f, 0f, 0f, 1f }, [1, 2, 1, 2]); // fg at 0, bg at 1
        var (total, fore, back, rec, _) = ImPartialLoss.Compute(output, target, mask, scribbles, Options);

        var p0 = new double[2];
        var p1 = new double[2];
        for (int x = 0; x < 2; x++)
        {
            double e0 = Math.Exp(logits0[x]), e1 = Math.Exp(logits1[x]);
            p0[x] = e0 / (e0 + e1);
            p1[x] = e1 / (e0 + e1);
        }
        double handFore = -Math.Log(p0[0]);
        double handBack = -Math.Log(p1[1]);
        double mu0 = (p0[0] * m0[0] + p0[1] * m0[1]) / (p0[0] + p0[1]);
        double mu1 = (p1[0] * m1[0] + p1[1] * m1[1]) / (p1[0] + p1[1]);
        double xhat = mu0 * p0[0] + mu1 * p1[0];
        double handRec = 0.5 * Math.Pow(0.4 - xhat, 2) + Math.Log(Math.Sqrt(2 * Math.PI)); // blind-spot pixel only
        Assert.Equal(handFore, fore.item<float>(), 4);
        Assert.Equal(handBack, back.item<float>(), 4);
        Assert.Equal(handRec, rec.item<float>(), 4);
        Assert.Equal(0.45 * handFore + 0.45 * handBack + 0.1 * handRec, total.item<float>(), 4);
        foreach (var t in new[] { total, fore, back, rec }) t.Dispose();
    }

    [Fact]
    public void Images_without_scribbles_or_blind_spots_give_zero_terms_not_nan()
    {
        using var output = torch.randn(2, 4, 3, 3);
        using var target = torch.randn(2, 1, 3, 3);
        using var mask = torch.ones(2, 1, 3, 3);          // no blind spot anywhere
        using var scribbles = torch.zeros(2, 2, 3, 3);    // no scribble anywhere
        var (total, fore, back, rec, reg) = ImPartialLoss.Compute(output, target, mask, scribbles, Options);
        Assert.Equal(0f, fore.item<float>());
        Assert.Equal(0f, back.item<float>());
        Assert.Equal(0f, rec.item<float>());
        Assert.True(float.IsFinite(total.item<float>()));
        Assert.True(reg.item<float>() > 0);
        foreach (var t in new[] { total, fore, back, rec, reg }) t.Dispose();
    }

    [Fact]
    public void Scribble_terms_average_only_over_images_that_have_scribbles()
    {
        using var output = torch.zeros(2, 4, 1, 2);       // p = ½ everywhere → −log ½ per scribbled pixel
        using var target = torch.zeros(2, 1, 1, 2);
        using var mask = torch.zeros(2, 1, 1, 2);
        using var scribbles = torch.tensor(new float[] { 1, 1, 0, 0, 0, 0, 0, 0 }, [2, 2, 1, 2]); // image 0 only
        var (total, fore, back, rec, reg) = ImPartialLoss.Compute(output, target, mask, scribbles, Options);
        Assert.Equal(Math.Log(2), fore.item<float>(), 5);
        Assert.Equal(0f, back.item<float>());
        foreach (var t in new[] { total, fore, back, rec, reg }) t.Dispose();
    }
}
