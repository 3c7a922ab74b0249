using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.CytoMad;

[Collection("Torch")]
public sealed class CytoMadFlatAdamTests
{
    [Fact]
    public void Three_pix2pix_steps_with_FlatAdam_equal_torch_Adam_bit_for_bit_for_generator_and_discriminator()
    {
        var cells = TinyCells.Make(8, 16, seed: 2);

        OptimizerEquality.AssertFlatEqualsTorch(() =>
        {
            using var trainer = new CytoMadTrainer(TinyCells.Options, 2, 2);
            var initial = OptimizerEquality.Snapshot(trainer.Generator).Concat(OptimizerEquality.Snapshot(trainer.Discriminator)).ToArray();
            for (int step = 0; step < 3; step++)
            {
                int[] idx = [.. Enumerable.Range(2 * step, 4)];
                using var bf = cells.BrightfieldTensor(idx);
                using var q = cells.QpiTensor(idx);
                trainer.PretrainStep(bf, q);
            }
            var final = OptimizerEquality.Snapshot(trainer.Generator).Concat(OptimizerEquality.Snapshot(trainer.Discriminator)).ToArray();
            return (initial, final, OptimizerEquality.LivesInOneBuffer(trainer.Generator) && OptimizerEquality.LivesInOneBuffer(trainer.Discriminator));
        });
    }

    [Fact]
    public void Classifier_fitting_with_FlatAdam_equals_torch_Adam_bit_for_bit()
    {
        OptimizerEquality.AssertFlatEqualsTorch(() =>
        {
            torch.manual_seed(4);
            using var model = DenseClassifier.ForCellType(3);
            var initial = OptimizerEquality.Snapshot(model);
            using var x = torch.randn(12, 512, generator: new Generator(5));
            int[] labels = [.. Enumerable.Range(0, 12).Select(i => i % 3)];
            ClassifierFitting.Fit(model, x, labels, 3, epochs: 1, batchSize: 4, lr: 1e-3, TinyCells.Options, "flat-adam-test");
            return (initial, OptimizerEquality.Snapshot(model));
        });
    }
}
