using CellNotebooks.Methods.SimClr;
using CellNotebooks.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrFlatAdamTests
{
    // Large enough weight decay that the L2 term matters in three steps.
    private static SimClrOptions Tiny => SimClrTrainerTests.Tiny with { WeightDecay = 1e-2 };

    [Fact]
    public void Three_Adam_steps_with_FlatAdam_equal_torch_Adam_bit_for_bit()
    {
        torch.manual_seed(0);
        using var images = torch.rand(4, 3, 16, 16);
        var stats = ChannelStatistics.Compute(images);

        OptimizerEquality.AssertFlatEqualsTorch(() =>
        {
            using var trainer = new SimClrTrainer(Tiny, stats);
            var initial = OptimizerEquality.Snapshot(trainer.Model);
            for (int step = 0; step < 3; step++) trainer.TrainStep(images, 1e-3 * (3 - step), augmentSeed: step);
            return (initial, OptimizerEquality.Snapshot(trainer.Model), OptimizerEquality.LivesInOneBuffer(trainer.Model));
        });
    }
}
