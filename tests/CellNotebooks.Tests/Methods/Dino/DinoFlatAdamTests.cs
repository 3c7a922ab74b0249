using CellNotebooks.Methods.Dino;
using CellNotebooks.Notebooks;
using CellNotebooks.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class DinoFlatAdamTests
{
    [Fact]
    public void Steps_through_the_frozen_last_layer_epoch_with_FlatAdam_equal_torch_AdamW_bit_for_bit()
    {
        torch.manual_seed(0);
        using var data = torch.rand(8, 3, 32, 32);
        Tensor Load(IReadOnlyList<int> idx) => data.index(torch.tensor(idx.Select(i => (long)i).ToArray()));
        // 2 steps per epoch; the last layer is frozen (no gradient, so TorchSharp skips it) in steps 0–1 and trains from
        // step 2 with its own, smaller step count; weight decay and learning rate follow the schedules every step.
        var options = DinoOptions.For(Preset.Smoke) with { Depth = 1, Epochs = 2, BatchSize = 4, LearningRate = 1e-3 * 256 / 4, FreezeLastLayerEpochs = 1, WarmupTeacherTempEpochs = 1 };

        OptimizerEquality.AssertFlatEqualsTorch(() =>
        {
            using var trainer = new DinoTrainer(options, 8, Load);
            Assert.Contains(trainer.Student.named_parameters(), p => p.name.StartsWith(DinoTrainer.LastLayerPrefix, StringComparison.Ordinal));
            var initial = OptimizerEquality.Snapshot(trainer.Student);
            for (int step = 0; step < 4; step++) trainer.TrainStep();
            return (initial, OptimizerEquality.Snapshot(trainer.Student), trainer.Optimizer.Flat is not null);
        });
    }
}
