using TorchSharp;
using TorchSharp.Modules;

namespace CellNotebooks.Nn;

/// <summary>
/// Replaces the running statistics of every BatchNorm layer of a model (TorchSharp's and
/// <see cref="IRunningStatistics"/> layers) with the average of its batch statistics over given forward passes,
/// weights untouched. An untrained network in eval mode has running mean 0 and variance 1, so its BatchNorm layers do
/// nothing; a trained one normalises with statistics of the data. Recomputing them on an untrained network separates
/// what training's weights change from what the normalisation alone changes (the SimCLR notebook's paired baseline);
/// CytoMAD recalibrates its under-trained Keras-style layers with it.
/// </summary>
public static class BatchNormStatistics
{
    /// <summary>Resets the statistics, runs <paramref name="forward"/>(k) for k = 0 … <paramref name="batches"/> − 1 in
    /// training mode without gradients, with momentum 1/(k + 1) so that the result is the plain average of the batch
    /// statistics; restores each layer's momentum and leaves the model in eval mode. Returns the number of
    /// layers.</summary>
    public static int Recompute(torch.nn.Module model, int batches, Action<int> forward)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(forward);
        if (batches < 1) throw new ArgumentOutOfRangeException(nameof(batches), batches, "Recomputing BatchNorm statistics needs at least one batch.");
        var modules = model.modules().Prepend(model).Distinct().ToList();
        var layers = modules.OfType<BatchNorm>().ToList();
        var own = modules.OfType<IRunningStatistics>().ToList();
        var momentum = layers.Select(l => l.momentum).ToList();
        try
        {
            using (torch.no_grad())
            {
                foreach (var layer in layers) layer.reset_running_stats();
                foreach (var layer in own) layer.ResetRunningStatistics();
                model.train();
                for (int k = 0; k < batches; k++)
                {
                    foreach (var layer in layers) layer.momentum = 1.0 / (k + 1);
                    foreach (var layer in own) layer.MomentumOverride = 1.0 / (k + 1);
                    forward(k);
                }
            }
        }
        finally
        {
            for (int i = 0; i < layers.Count; i++) layers[i].momentum = momentum[i];
            foreach (var layer in own) layer.MomentumOverride = null;
            model.eval();
        }
        return layers.Count + own.Count;
    }
}
