using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// CytoMAD's CNN classifier on generated QPI images (batch or cell type; methods.md §2.3): C64 s2 LReLU → C128 s2 BN
/// LReLU MaxPool2 → C256 s2 BN LReLU MaxPool2 → C512 s1 BN LReLU MaxPool2 → C512 s1 BN LReLU MaxPool2 → Flatten →
/// Dense128 ReLU → K (logits; softmax in the loss). At 128×128 the flatten size is 512. Keras' 'valid' max-pooling
/// would shrink a 1×1 map to nothing at smaller image sizes, so a pool is skipped once the map is 1×1 (only happens
/// below 128×128; documented deviation for the CPU presets).
/// </summary>
public sealed class CnnClassifier : nn.Module<Tensor, Tensor>
{
    private readonly KerasConv2d conv1;
    private readonly KerasConv2d conv2;
    private readonly KerasBatchNorm2d bn2;
    private readonly KerasConv2d conv3;
    private readonly KerasBatchNorm2d bn3;
    private readonly KerasConv2d conv4;
    private readonly KerasBatchNorm2d bn4;
    private readonly KerasConv2d conv5;
    private readonly KerasBatchNorm2d bn5;
    private readonly Linear fc1;
    private readonly Linear fc2;

    /// <summary>Builds the classifier for <paramref name="classes"/> outputs.</summary>
    public CnnClassifier(CytoMadOptions options, int classes) : base(nameof(CnnClassifier))
    {
        int c64 = CytoMadGenerator.Scale(64, options.Width), c128 = CytoMadGenerator.Scale(128, options.Width);
        int c256 = CytoMadGenerator.Scale(256, options.Width), c512 = CytoMadGenerator.Scale(512, options.Width);
        conv1 = new KerasConv2d(1, c64, 4, 2);
        conv2 = new KerasConv2d(c64, c128, 4, 2);
        bn2 = new KerasBatchNorm2d(c128);
        conv3 = new KerasConv2d(c128, c256, 4, 2);
        bn3 = new KerasBatchNorm2d(c256);
        conv4 = new KerasConv2d(c256, c512, 4, 1);
        bn4 = new KerasBatchNorm2d(c512);
        conv5 = new KerasConv2d(c512, c512, 4, 1);
        bn5 = new KerasBatchNorm2d(c512);
        int s = options.ImageSize / 2;
        s = Pool(s / 2);
        s = Pool(s / 2);
        s = Pool(s);
        s = Pool(s);
        FlattenSize = c512 * s * s;
        fc1 = nn.Linear(FlattenSize, 128);
        fc2 = nn.Linear(128, classes);
        using (torch.no_grad())
            foreach (var fc in new[] { fc1, fc2 })
            {
                nn.init.xavier_uniform_(fc.weight);
                nn.init.zeros_(fc.bias);
            }
        RegisterComponents();
    }

    /// <summary>Features entering the dense head (512 at 128×128).</summary>
    public int FlattenSize { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = nn.functional.leaky_relu(conv1.forward(input), 0.2); // B×64×S/2
        x = MaxPool(nn.functional.leaky_relu(bn2.forward(conv2.forward(x)), 0.2)); // B×128×S/8
        x = MaxPool(nn.functional.leaky_relu(bn3.forward(conv3.forward(x)), 0.2)); // B×256×S/32
        x = MaxPool(nn.functional.leaky_relu(bn4.forward(conv4.forward(x)), 0.2)); // B×512×S/64
        x = MaxPool(nn.functional.leaky_relu(bn5.forward(conv5.forward(x)), 0.2)); // B×512×S/128
        var h = nn.functional.relu(fc1.forward(x.flatten(1))); // B×128
        return fc2.forward(h).MoveToOuterDisposeScope(); // B×K logits
    }

    private static int Pool(int s) => s >= 2 ? s / 2 : s;

    private static Tensor MaxPool(Tensor x) => x.shape[2] >= 2 ? nn.functional.max_pool2d(x, 2, 2) : x;
}
