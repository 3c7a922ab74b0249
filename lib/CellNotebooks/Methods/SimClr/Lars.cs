using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.SimClr;

/// <summary>
/// LARS, layer-wise adaptive rate scaling (You, Gitman, Ginsburg 2017) in the classic-momentum form of
/// google-research/simclr's <c>lars_optimizer.py</c>, which upstream ports to <c>src/loss/lars.py</c> but never uses.
/// Per parameter: <c>g ← g + wd·w</c>; <c>trust = η‖w‖/‖g‖</c> when both norms are positive, else 1;
/// <c>v ← m·v + lr·trust·g</c>; <c>w ← w − v</c>.
/// ⚠ Upstream tests <c>‖w‖ ≥ 0</c> and <c>‖g‖ ≥ 0</c> (always true), so a zero gradient divides by zero; here the
/// tests are &gt; 0 as in the TensorFlow original. Upstream's name-based exclusion is a TODO that never runs; here
/// 1-D parameters (biases, BatchNorm) are excluded from weight decay and adaptation, the SimCLR paper's choice.
/// </summary>
public sealed class Lars : IDisposable
{
    private readonly (Tensor Param, bool Adapt)[] parameters;
    private readonly Dictionary<int, Tensor> velocity = [];

    /// <summary>Creates the optimiser over trainable parameters.</summary>
    public Lars(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0.9, double weightDecay = 0, double eta = 0.001)
    {
        this.parameters = [.. parameters.Select(p => (p, p.dim() > 1))];
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Eta = eta;
    }

    /// <summary>Learning rate of the next step (set by the schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>Momentum m.</summary>
    public double Momentum { get; }

    /// <summary>Weight decay wd (not applied to 1-D parameters).</summary>
    public double WeightDecay { get; }

    /// <summary>Trust coefficient η.</summary>
    public double Eta { get; }

    /// <summary>The trust ratio η‖w‖/‖g‖ (1 when either norm is 0), the definition the tests check.</summary>
    public static double TrustRatio(double weightNorm, double gradNorm, double eta) =>
        weightNorm > 0 && gradNorm > 0 ? eta * weightNorm / gradNorm : 1.0;

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        for (int i = 0; i < parameters.Length; i++)
        {
            var (p, adapt) = parameters[i];
            if (p.grad is null) continue;
            var g = p.grad;
            if (adapt && WeightDecay != 0) g = g.add(p, alpha: WeightDecay);
            double trust = adapt ? TrustRatio(p.norm().item<float>(), g.norm().item<float>(), Eta) : 1.0;
            if (!velocity.TryGetValue(i, out var v))
            {
                v = torch.zeros_like(p).DetachFromDisposeScope();
                velocity[i] = v;
            }
            v.mul_(Momentum).add_(g, alpha: LearningRate * trust);
            p.sub_(v);
        }
    }

    /// <summary>Clears the gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var (p, _) in parameters) p.grad?.zero_();
    }

    /// <summary>Writes the momentum buffers.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(velocity.Count);
        foreach (var (i, v) in velocity.OrderBy(kv => kv.Key))
        {
            writer.Write(i);
            var data = v.cpu().data<float>().ToArray();
            writer.Write(data.Length);
            foreach (var f in data) writer.Write(f);
        }
    }

    /// <summary>Reads momentum buffers written by <see cref="Save"/>.</summary>
    public void Load(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        for (int k = 0; k < count; k++)
        {
            int i = reader.ReadInt32(), n = reader.ReadInt32();
            var data = new float[n];
            for (int j = 0; j < n; j++) data[j] = reader.ReadSingle();
            var p = parameters[i].Param;
            velocity[i] = torch.tensor(data, device: p.device).view(p.shape).DetachFromDisposeScope();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var v in velocity.Values) v.Dispose();
        velocity.Clear();
    }
}
