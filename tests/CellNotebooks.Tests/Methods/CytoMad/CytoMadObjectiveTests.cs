using CellNotebooks.Methods.CytoMad;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class CytoMadObjectiveTests
{
    private static readonly double Ln2 = Math.Log(2);
    private static readonly double Clipped = -Math.Log(1e-7);

    [Fact]
    public void Pix2pix_loss_is_bce_plus_100_l1()
    {
        using var d = torch.full(2, 1, 2, 2, 0.5f);
        using var fake = torch.zeros(2, 1, 4, 4);
        using var real = torch.full(2, 1, 4, 4, 0.1f);
        var (total, terms) = CytoMadObjective.Pix2Pix(d, fake, real, new CytoMadOptions());
        using (total)
        {
            double bce = -Math.Log(0.5 + 1e-7);
            Assert.Equal(bce, terms["g_adv"], 5);
            Assert.Equal(0.1, terms["g_l1"], 5);
            Assert.Equal(bce + 100 * 0.1, total.item<float>(), 4);
        }
    }

    [Theory]
    [InlineData(BatchTarget.FirstBatch)]
    [InlineData(BatchTarget.Uniform)]
    public void Batch_removal_loss_composes_weights_1_100_300_with_keras_clipping(BatchTarget target)
    {
        var options = new CytoMadOptions { Target = target };
        using var d = torch.full(1, 1, 2, 2, 0.5f);
        using var fake = torch.zeros(1, 1, 4, 4);
        using var real = torch.full(1, 1, 4, 4, 0.2f);
        using var cellTarget = torch.tensor(new float[] { 1, 0 }, [1, 2]);
        using var cnnCell = torch.zeros(1, 2);                                   // p = 1/2 → ln 2
        using var nnCell = torch.tensor(new float[] { 30, -30 }, [1, 2]);        // p ≈ 1 → clipped to 1 − 1e-7
        using var cnnBatch = torch.tensor(new float[] { -30, 30 }, [1, 2]);      // p(batch 0) ≈ e^-60 → clipped to 1e-7
        var nnBatch = Enumerable.Range(0, 4).Select(_ => torch.zeros(1, 2)).ToList(); // ln 2 for either target
        using var batchTarget = KerasLosses.BatchTargetRows(target, 1, 2);
        var (total, terms) = CytoMadObjective.BatchRemoval(d, fake, real, cnnCell, nnCell, cellTarget, cnnBatch, nnBatch, batchTarget, options);
        double cnnBatchCe = target == BatchTarget.FirstBatch ? Clipped : 0.5 * Clipped - 0.5 * Math.Log(1 - 1e-7);
        double expected = -Math.Log(0.5 + 1e-7) + 100 * (Ln2 + 1e-7 + cnnBatchCe + 4 * Ln2) + 300 * 0.2;
        Assert.Equal(Ln2, terms["cnn_cell_ce"], 5);
        Assert.Equal(cnnBatchCe, terms["cnn_batch_ce"], 4);
        Assert.Equal(Ln2, terms["nn_batch_ce_4"], 5);
        Assert.Equal(expected, total.item<float>(), 2);
        total.Dispose();
        nnBatch.ForEach(t => t.Dispose());
    }

    [Fact]
    public void Clipped_cross_entropy_has_zero_gradient_once_saturated()
    {
        using var logits = torch.tensor(new float[] { -30, 30 }, [1, 2]).requires_grad_();
        using var target = torch.tensor(new float[] { 1, 0 }, [1, 2]);
        using var loss = KerasLosses.CategoricalCrossEntropyFromLogits(logits, target);
        loss.backward();
        Assert.Equal(Clipped, loss.item<float>(), 3);
        Assert.Equal(0f, logits.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void Batch_targets_are_one_hot_batch_zero_or_uniform()
    {
        using var first = KerasLosses.BatchTargetRows(BatchTarget.FirstBatch, 2, 3);
        using var uniform = KerasLosses.BatchTargetRows(BatchTarget.Uniform, 2, 3);
        Assert.Equal(new float[] { 1, 0, 0, 1, 0, 0 }, first.data<float>().ToArray());
        Assert.All(uniform.data<float>().ToArray(), v => Assert.Equal(1f / 3, v, 6));
    }

    [Fact]
    public void Non_finite_loss_stops_with_a_clear_message()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            CytoMadObjective.EnsureFinite(new Dictionary<string, float> { ["g_l1"] = float.NaN }, "step 3"));
        Assert.Contains("g_l1", e.Message);
    }
}
