using CellNotebooks.Methods.SimClr;
using CellNotebooks.Nn;
using CellNotebooks.Nn.Pretrained;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class SimClrEncoderWeightsTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "cellnb-simclr-weights-" + Guid.NewGuid().ToString("N"));

    public SimClrEncoderWeightsTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_encoder_starts_from_the_weights_file_while_the_random_baseline_and_a_resumed_run_do_not_read_it()
    {
        // A torchvision-named ResNet-18 with its head, standing in for converted ImageNet weights.
        string weights = Path.Combine(dir, "resnet18.dat");
        torch.manual_seed(11);
        using (var pretrained = new ResNet(18, numClasses: 1000, width: 8)) pretrained.save(weights);
        var options = SimClrTrainerTests.Tiny with { EncoderWeights = weights };

        using var model = new SimClrModel(options);
        torch.manual_seed(11);
        using var reference = new ResNet(18, numClasses: 1000, width: 8);
        foreach (var (name, tensor) in model.Encoder.state_dict())
            Assert.True(tensor.equal(reference.state_dict()[name]).all().item<bool>(), name);

        // The random-encoder baseline stays random: the same seed gives the same network with or without the file.
        using var random = SimClrModel.Untrained(options, 3);
        using var plain = SimClrModel.Untrained(options with { EncoderWeights = "" }, 3);
        foreach (var (name, tensor) in random.state_dict())
            Assert.True(tensor.equal(plain.state_dict()[name]).all().item<bool>(), name);

        // A checkpoint holds every weight, so resuming works after the weights file is gone.
        using var images = torch.rand(4, 3, 16, 16, generator: new torch.Generator(5));
        string checkpoint = Path.Combine(dir, "simclr.ckpt");
        using (var trainer = new SimClrTrainer(options, ChannelStatistics.Compute(images)))
        {
            trainer.TrainStep(images, 1e-3, augmentSeed: 1);
            trainer.Save(checkpoint);
        }
        File.Delete(weights);
        using var resumed = SimClrTrainer.Load(checkpoint);
        Assert.Equal(weights, resumed.Options.EncoderWeights);
        Assert.Equal(1, resumed.StepCount);
        Assert.Throws<FileNotFoundException>(() => new SimClrModel(options));
    }

    [Fact]
    public void Weights_for_another_channel_count_fail_naming_the_file()
    {
        string weights = Path.Combine(dir, "resnet18-rgb.dat");
        using (var pretrained = new ResNet(18, numClasses: 1000, width: 8)) pretrained.save(weights);
        var e = Assert.Throws<InvalidDataException>(() => new SimClrModel(SimClrTrainerTests.Tiny with { Channels = 5, EncoderWeights = weights }));
        Assert.Contains(weights, e.Message);
        Assert.Contains("conv1.weight", e.Message);
    }

    [Fact]
    public void The_imagenet_start_is_mlnets_resnet_with_its_extra_block_and_a_resumed_run_keeps_that_layout()
    {
        var options = SimClrTrainerTests.Tiny with { Width = 64, EncoderWeights = SimClrOptions.ImageNet };
        using var model = new SimClrModel(options);
        Assert.Equal([2, 2, 2, 3], model.Encoder.Blocks);
        using var reference = ImageNetResNet.Load();
        foreach (var (name, tensor) in reference.state_dict())
            Assert.True(tensor.equal(model.Encoder.state_dict()[name]).all().item<bool>(), name);

        // Resuming builds the same layout without the ImageNet weights and takes every weight from the checkpoint.
        using var images = torch.rand(4, 3, 16, 16, generator: new torch.Generator(5));
        string checkpoint = Path.Combine(dir, "simclr-imagenet.ckpt");
        using (var trainer = new SimClrTrainer(options, ChannelStatistics.Compute(images)))
        {
            trainer.TrainStep(images, 1e-3, augmentSeed: 1);
            trainer.Save(checkpoint);
            using var resumed = SimClrTrainer.Load(checkpoint);
            Assert.Equal([2, 2, 2, 3], resumed.Model.Encoder.Blocks);
            foreach (var (name, tensor) in trainer.Model.state_dict())
                Assert.True(tensor.equal(resumed.Model.state_dict()[name]).all().item<bool>(), name);
        }

        // The random-encoder baseline stays torchvision's ResNet-18.
        using var random = SimClrModel.Untrained(options, 3);
        Assert.Equal([2, 2, 2, 2], random.Encoder.Blocks);
    }

    [Fact]
    public void The_imagenet_start_with_options_it_does_not_fit_fails_saying_why()
    {
        var e = Assert.Throws<ArgumentException>(() => new SimClrModel(SimClrTrainerTests.Tiny with { EncoderWeights = SimClrOptions.ImageNet }));
        Assert.Contains("width 8", e.Message);
        Assert.Contains("imagenet", e.Message);
    }
}
