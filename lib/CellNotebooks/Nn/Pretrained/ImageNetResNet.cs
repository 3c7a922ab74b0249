using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Nn.Pretrained;

/// <summary>
/// ImageNet-trained ResNet features for the workbook's crops, from the CNTK ResNet that ML.NET ships
/// (<see cref="DnnImageModels"/>, imported by <see cref="OnnxResNet"/>: [2, 2, 2, 3] basic blocks, 512-d features, no fc).
/// <para><b>Input contract.</b> The CNTK graph takes BGR pixels on the 0–255 scale minus a 224×224 mean image
/// (<c>ResNetPreprocess.onnx</c>; its per-channel averages are B 103.06, G 115.90, R 123.15, ImageNet's mean colour).
/// The workbook's crops are standardised per channel ((x − μ)/σ over the data set, <c>SimClr.ChannelStatistics</c>),
/// and upstream SimCLR feeds such crops, channels 0, 1, 2 (DNA, tubulin, actin), straight into torchvision's ImageNet
/// ResNet as if they were ImageNet-standardised R, G, B. <see cref="Load"/> keeps that contract: a crop channel z_c
/// stands for the pixel value 255·(m_c + s_c·z_c), with m the mean image's channel averages (÷255) and s torchvision's
/// ImageNet standard deviations (R 0.229, G 0.224, B 0.225); after the mean subtraction the graph sees y = 255·s_c·z_c in
/// BGR order. That is a per-channel scale and a channel swap, which fold exactly into the stem convolution (zero padding
/// stays zero), so the folded model takes crops unchanged. A mean <i>image</i> cannot fold into a convolution (it varies
/// across the 224×224 grid and the crops are 64–96 px), so the contract replaces it by its channel averages.
/// <see cref="ToCntkInput"/> is the same mapping done on the input instead, for checking the fold.</para>
/// </summary>
public static class ImageNetResNet
{
    /// <summary>Basic blocks of <c>layer1..4</c> in ML.NET's CNTK "ResNet18" (torchvision's ResNet-18: 2, 2, 2, 2).</summary>
    public static readonly IReadOnlyList<int> Blocks = [2, 2, 2, 3];

    /// <summary>torchvision's ImageNet standard deviations, in RGB order (<c>transforms.Normalize</c> in its recipes).</summary>
    public static readonly IReadOnlyList<float> Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The imported CNTK ResNet with the graph's own input contract (BGR, 0–255, mean removed), on the CPU.</summary>
    public static ResNet LoadCntk() => OnnxResNet.Load(DnnImageModels.Find(DnnImageModels.ResNet18));

    /// <summary>The imported ResNet with the input contract folded into its stem: it takes standardised 3-channel crops.</summary>
    public static ResNet Load()
    {
        var model = LoadCntk();
        FoldInput(model);
        return model;
    }

    /// <summary>The preprocessing graph's mean image, 1×3×224×224, BGR order, 0–255 scale.</summary>
    public static Tensor MeanImage()
    {
        string path = DnnImageModels.Find(DnnImageModels.Preprocess);
        var graph = OnnxResNet.ReadModel(path).Graph;
        var sub = graph.Node.FirstOrDefault(n => n.OpType == "Sub")
            ?? throw new InvalidDataException($"ONNX file '{path}' has no Sub node (the mean-image subtraction).");
        var mean = graph.Initializer.FirstOrDefault(t => t.Name == sub.Input[1])
            ?? throw new InvalidDataException($"ONNX file '{path}', node '{sub.Name}': '{sub.Input[1]}' is not an initializer.");
        return torch.tensor(OnnxResNet.Floats(mean, path, sub.Name), mean.Dims.ToArray());
    }

    /// <summary>Standardised RGB crops (B×3×H×W) → what the CNTK graph takes after its mean subtraction:
    /// y = 255·s_c·z_c in BGR order (see the type's input contract).</summary>
    public static Tensor ToCntkInput(Tensor crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.dim() != 4 || crops.shape[1] != 3)
            throw new ArgumentException($"ImageNet ResNet features take B×3×H×W crops, not [{string.Join(", ", crops.shape)}].", nameof(crops));
        using var scope = torch.NewDisposeScope();
        var scale = torch.tensor(Std.Select(s => 255f * s).ToArray(), device: crops.device).view(1, 3, 1, 1);
        return crops.mul(scale).flip(1).MoveToOuterDisposeScope();                            // B×3×H×W, BGR
    }

    /// <summary>Folds the input contract into <paramref name="model"/>'s stem: <c>conv1.weight[:, c] ←
    /// 255·s_c·W[:, 2 − c]</c> (RGB crop channel c meets the weights of BGR channel 2 − c).</summary>
    public static void FoldInput(ResNet model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weight = model.state_dict()["conv1.weight"];
        if (weight.shape[1] != 3) throw new ArgumentException($"The stem takes {weight.shape[1]} channels, the ImageNet contract 3.", nameof(model));
        using var noGrad = torch.no_grad();
        using var scale = torch.tensor(Std.Select(s => 255f * s).ToArray(), device: weight.device).view(1, 3, 1, 1);
        using var folded = weight.flip(1).mul(scale);
        weight.copy_(folded);
    }
}
