using CellNotebooks.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Keras <c>BatchNormalization()</c> semantics in TorchSharp: Keras momentum 0.99 means
/// <c>moving = 0.99·moving + 0.01·batch</c>, which is PyTorch momentum <b>0.01</b>; epsilon <b>1e-3</b> (PyTorch
/// default 1e-5). Both update the moving variance with the unbiased batch variance and normalise with the biased one.
/// <see cref="AlwaysTraining"/> reproduces upstream's <c>BatchNormalization()(x, training=True)</c> in the CytoMAD
/// generator: batch statistics even when the module is in eval mode (Pix2Pix style).
/// <para>Under-trained networks need their moving statistics recomputed (<see cref="BatchNormStatistics.Recompute"/>,
/// through <see cref="IRunningStatistics"/>): Keras' 0.99 momentum forgets the initial moving variance 1 only after
/// ~1,000 updates, while activations behind <c>RandomNormal(0.02)</c> kernels have variances near 1e-4, so an
/// under-trained moving variance shrinks every eval-mode activation ~100× (the classifier then predicts one class for
/// every input). After upstream's ~2,000 updates the moving statistics converge to the same average of the batch
/// statistics.</para>
/// </summary>
public sealed class KerasBatchNorm2d : nn.Module<Tensor, Tensor>, IRunningStatistics
{
    /// <summary>PyTorch-convention momentum equivalent to Keras' 0.99.</summary>
    public const double TorchMomentum = 0.01;

    /// <summary>Keras' default epsilon.</summary>
    public const double Epsilon = 1e-3;

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;

    /// <summary>Creates the layer (gamma 1, beta 0, moving mean 0, moving variance 1 as Keras).</summary>
    public KerasBatchNorm2d(long channels, bool alwaysTraining = false) : base(nameof(KerasBatchNorm2d))
    {
        AlwaysTraining = alwaysTraining;
        weight = new Parameter(torch.ones(channels));
        bias = new Parameter(torch.zeros(channels));
        running_mean = torch.zeros(channels);
        running_var = torch.ones(channels);
        RegisterComponents();
    }

    /// <summary>When true, batch statistics are used (and moving statistics updated) in eval mode too.</summary>
    public bool AlwaysTraining { get; set; }

    /// <summary>Moving mean (Keras <c>moving_mean</c>).</summary>
    public Tensor RunningMean => running_mean;

    /// <summary>Moving variance (Keras <c>moving_variance</c>).</summary>
    public Tensor RunningVar => running_var;

    /// <summary>
    /// Momentum used instead of <see cref="TorchMomentum"/> while set (recalibration: 1/k on the k-th batch gives the
    /// plain average of the batch statistics).
    /// </summary>
    public double? MomentumOverride { get; set; }

    /// <inheritdoc/>
    public void ResetRunningStatistics()
    {
        using var noGrad = torch.no_grad();
        running_mean.zero_();
        running_var.fill_(1);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training || AlwaysTraining, MomentumOverride ?? TorchMomentum, Epsilon); // B×C×H×W
}
