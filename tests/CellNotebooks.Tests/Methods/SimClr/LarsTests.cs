using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class LarsTests
{
    [Fact]
    public void Trust_ratio_follows_its_definition()
    {
        Assert.Equal(0.001 * 2 / 4, Lars.TrustRatio(2, 4, 0.001), 12);
        Assert.Equal(1.0, Lars.TrustRatio(0, 4, 0.001));
        Assert.Equal(1.0, Lars.TrustRatio(2, 0, 0.001)); // upstream's ≥ 0 test would divide by zero here
    }

    [Fact]
    public void Step_matches_the_classic_momentum_update_by_hand()
    {
        using var w = torch.tensor(new float[,] { { 3, 4 } }).requires_grad_();
        using var bias = torch.tensor(new float[] { 1 }).requires_grad_();
        using var lars = new Lars([w, bias], learningRate: 0.5, momentum: 0.9, weightDecay: 0.1, eta: 0.01);
        for (int step = 0; step < 2; step++)
        {
            lars.ZeroGrad();
            using (var loss = w.sum().add(bias.mul(2).sum())) loss.backward(); // dL/dw = [1, 1], dL/db = 2
            lars.Step();
        }
        // Step 1: g = [1,1] + 0.1·[3,4] = [1.3, 1.4]; trust = 0.01·5/‖g‖; v = 0.5·trust·g; w ← w − v.
        double[] w0 = [3, 4];
        double[] v = [0, 0];
        for (int step = 0; step < 2; step++)
        {
            double[] g = [1 + 0.1 * w0[0], 1 + 0.1 * w0[1]];
            double trust = 0.01 * Math.Sqrt(w0[0] * w0[0] + w0[1] * w0[1]) / Math.Sqrt(g[0] * g[0] + g[1] * g[1]);
            for (int k = 0; k < 2; k++) { v[k] = 0.9 * v[k] + 0.5 * trust * g[k]; w0[k] -= v[k]; }
        }
        var actual = w.data<float>().ToArray();
        Assert.Equal(w0[0], actual[0], 5);
        Assert.Equal(w0[1], actual[1], 5);
        // 1-D parameters: no weight decay, no adaptation: plain momentum: b = 1 − 0.5·2 − (0.9·0.5·2 + 0.5·2).
        Assert.Equal(1 - 1.0 - (0.9 * 1.0 + 1.0), bias.data<float>()[0], 5);
    }
}
