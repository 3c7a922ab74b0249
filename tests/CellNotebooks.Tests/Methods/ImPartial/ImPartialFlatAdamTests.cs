using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.ImPartial;
using CellNotebooks.Notebooks;
using CellNotebooks.Runtime;
using CellNotebooks.Tests.Training;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.ImPartial;

[Collection("Torch")]
public sealed class ImPartialFlatAdamTests
{
    private static readonly ImPartialOptions Tiny = ImPartialOptions.For(Preset.Smoke) with { PatchSize = 32, BatchSize = 2, LearningRate = 3e-3 };

    [Fact]
    public void Three_steps_with_FlatAdam_equal_torch_Adam_bit_for_bit()
    {
        var demo = SegmentationDemo.Generate(3, 64, 64);
        var planes = demo.Planes.Select(p => (float[])p.Clone()).ToArray();
        ImPartialImage.PercentileNormalize(planes);
        var image = new ImPartialImage("demo", 64, 64, planes, demo.Labels);
        var scribbles = ScribbleSimulator.Simulate(demo.Labels, 64, 64, 0.5, new Random(3));

        OptimizerEquality.AssertFlatEqualsTorch(() =>
        {
            using var trainer = new ImPartialTrainer(Tiny, image.Channels);
            var initial = OptimizerEquality.Snapshot(trainer.Model);
            var rng = new Random(5);
            for (int step = 0; step < 3; step++)
            {
                var windows = PatchSampler.Windows(scribbles, Tiny.PatchSize, Tiny.BatchSize, 0.5, 10, rng);
                using var batch = ImPartialBatch.Build([.. windows.Select(w => (image, scribbles, w))], Tiny, rng, blindSpots: true, ComputeDevice.Default);
                trainer.TrainStep(batch);
            }
            return (initial, OptimizerEquality.Snapshot(trainer.Model), OptimizerEquality.LivesInOneBuffer(trainer.Model));
        });
    }
}
