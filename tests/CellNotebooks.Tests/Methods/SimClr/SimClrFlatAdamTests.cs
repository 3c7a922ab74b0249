using CellNotebooks.Methods.SimClr;
using CellNotebooks.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrFlatAdamTests
{
    private static SimClrOptions Tiny => new()
    {
        Depth = 18,
        Width = 8,
        ImageSize = 16,
        BatchSize = 4,
        Epochs = 1,
        LearningRate = 1e-3,
        WeightDecay = 1e-2,          // large enough that the L2 term matters in three steps
        Temperature = 0.5,
        Augment = new SimClrAugmentationOptions { ElasticProbability = 0 },
    };

    [Fact]
    public void Three_Adam_steps_with_FlatAdam_equal_torch_Adam_bit_for_bit()
    {
        torch.manual_seed(0);
        using var images = torch.rand(4, 3, 16, 16);
        var stats = ChannelStatistics.Compute(images);

        (Tensor[] Initial, Tensor[] Final, bool Flat) Run(bool flat) => OptimizerEquality.With(flat, () =>
        {
            using var trainer = new SimClrTrainer(Tiny, stats);
            var initial = OptimizerEquality.Snapshot(trainer.Model);
            for (int step = 0; step < 3; step++) trainer.TrainStep(images, 1e-3 * (3 - step), augmentSeed: step);
            return (initial, OptimizerEquality.Snapshot(trainer.Model), OptimizerEquality.LivesInOneBuffer(trainer.Model));
        });

        var flat = Run(true);
        var reference = Run(false);
        Assert.True(flat.Flat);
        Assert.False(reference.Flat);
        OptimizerEquality.AssertBitIdentical(reference.Initial, flat.Initial);
        OptimizerEquality.AssertBitIdentical(flat.Final, reference.Final, flat.Initial);
        OptimizerEquality.Dispose(flat.Initial, flat.Final, reference.Initial, reference.Final);
    }
}
