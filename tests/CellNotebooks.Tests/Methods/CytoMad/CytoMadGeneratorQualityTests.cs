using CellNotebooks.Data.Demo;
using CellNotebooks.Methods.CytoMad;
using CellNotebooks.Notebooks;
using CellNotebooks.Tests.Data;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.CytoMad;

/// <summary>
/// The generator must learn brightfield → QPI: on the smoke preset's demo cells (32×32, width 1/8, its data), a short
/// Pix2Pix pre-training has to beat, on held-out cells, both the best constant image (the training cells' mean QPI)
/// and noise with the true images' mean and spread, by margins (SSIM +0.08, PSNR +2 dB, MAE −25 %) that a constant or
/// a noise generator cannot meet. 72 steps of 8 cells: the smoke preset's own 3 steps are too few to learn anything.
/// </summary>
[Collection("Torch")]
public sealed class CytoMadGeneratorQualityTests : IDisposable
{
    private readonly ScratchFolder scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Pretrained_generator_beats_a_constant_and_noise_on_held_out_smoke_cells()
    {
        var root = BrightfieldQpiDemo.Write(scratch.Path, BrightfieldQpiDemoOptions.For(Preset.Smoke));
        var options = CytoMadOptions.For(Preset.Smoke) with { PretrainEpochs = 6, StepsPerEpoch = 12 };
        var data = CytoMadData.Load(root, options, isDemo: true);
        using var trainer = new CytoMadTrainer(options, data.BatchNames.Count, data.CellTypeNames.Count);
        trainer.Run(data.Train, data.Valid, until: CytoMadPhase.Classifiers);

        using var scope = torch.NewDisposeScope();
        var (_, generated) = trainer.Predict(data.Test);
        var truth = data.Test.QpiTensor(data.Test.AllIndices(), generated.device);
        var trainMean = data.Train.QpiTensor(data.Train.AllIndices()).mean().item<float>();
        torch.manual_seed(1);
        var noise = torch.randn_like(truth) * truth.std() + truth.mean();
        var model = QpiImageQuality.Compute(generated, truth);
        var constant = QpiImageQuality.Compute(torch.full_like(truth, trainMean), truth);
        var random = QpiImageQuality.Compute(noise, truth);

        string report = $"generator SSIM {model.Ssim:F3} PSNR {model.Psnr:F1} MAE {model.Mae:F3}; constant SSIM {constant.Ssim:F3} PSNR {constant.Psnr:F1} MAE {constant.Mae:F3}; noise SSIM {random.Ssim:F3} PSNR {random.Psnr:F1}";
        Assert.True(model.Ssim > constant.Ssim + 0.08 && model.Ssim > random.Ssim + 0.08, report);
        Assert.True(model.Psnr > constant.Psnr + 2 && model.Psnr > random.Psnr + 2, report);
        Assert.True(model.Mae < 0.75 * constant.Mae, report);
    }
}
