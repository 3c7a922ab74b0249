using CellNotebooks.Methods.Dino;
using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using CellNotebooks.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Benchmarks;

/// <summary>
/// The DINO training step without data loading and augmentation, twin of <c>bench.py::dino_rows</c>: pre-drawn crops
/// (2 global 112 px + 8 local 32 px, CLANet), teacher on the global crops without gradient, student (drop path 0.1)
/// on all crops, <see cref="DinoLoss"/> (teacher temperature 0.04), backward, AdamW with DINO's two parameter groups
/// (<see cref="AdamWGroups"/>), EMA teacher update (m 0.996). ViT-tiny/8 with a 4,096-prototype head at batch 8 and
/// ViT-S/8 with the upstream 65,536-prototype head at batch 4. Inference: the backbone's CLS on 16 images of 112 px.
/// </summary>
public sealed class DinoStepBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "dino-step";

    /// <inheritdoc/>
    public IReadOnlyList<BenchmarkRow> Run() =>
    [
        .. Rows("dino vit_tiny/8 112px b8", VitConfig.Tiny(8), outDim: 4096, batch: 8),
        .. Rows("dino vit_small/8 112px b4", VitConfig.Small(8), outDim: 65536, batch: 4),
    ];

    private static IReadOnlyList<BenchmarkRow> Rows(string model, VitConfig config, int outDim, int batch)
    {
        var device = ComputeDevice.Default;
        Seeds.Set(0);
        using var student = new MultiCropWrapper(new VisionTransformer(config with { DropPathRate = 0.1 }),
            new DinoHead(config.EmbedDim, outDim, normLastLayer: false));
        using var teacher = new MultiCropWrapper(new VisionTransformer(config), new DinoHead(config.EmbedDim, outDim, normLastLayer: false));
        student.to(device);
        teacher.to(device);
        teacher.load_state_dict(student.state_dict());
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        using var loss = new DinoLoss(outDim);
        loss.to(device);
        using var optimizer = new AdamWGroups(student.named_parameters(), lr: 5e-4 * batch / 256, weightDecay: 0.04, flat: AdamOptimizers.UseFlat);   // as the trainer
        var crops = Enumerable.Range(0, 10).Select(i => torch.rand(batch, 3, i < 2 ? 112 : 32, i < 2 ? 112 : 32, device: device)).ToArray();
        using var images = torch.rand(16, 3, 112, 112, device: device);
        var studentParams = student.parameters().ToArray();
        var teacherParams = teacher.parameters().ToArray();
        try
        {
            void Step()
            {
                using var scope = torch.NewDisposeScope();
                student.train();
                teacher.train();
                Tensor teacherOut;
                using (torch.no_grad()) teacherOut = teacher.Forward(crops[..2]);   // (2·B)×K
                var studentOut = student.Forward(crops);                          // (10·B)×K
                var value = loss.Forward(studentOut, teacherOut, crops.Length, 0.04);
                _ = value.item<float>();
                optimizer.ZeroGrad();
                value.backward();
                optimizer.Step();
                using var noGrad = torch.no_grad();
                for (int i = 0; i < studentParams.Length; i++)
                    teacherParams[i].mul_(0.996).add_(studentParams[i].detach(), alpha: 1 - 0.996);
            }
            void Inference()
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                teacher.eval();
                teacher.Backbone.forward(images);
            }
            return TrainingRows.Measure(model, "images", batch, Step, (int)images.shape[0], Inference);
        }
        finally
        {
            foreach (var c in crops) c.Dispose();
        }
    }
}
