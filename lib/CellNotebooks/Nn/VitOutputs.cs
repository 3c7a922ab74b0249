using static TorchSharp.torch;

namespace CellNotebooks.Nn;

/// <summary>
/// Everything one <see cref="VisionTransformer.ForwardAll"/> pass returns: the CLS token after the final norm
/// (B×D), the concatenated normed CLS tokens of the last n blocks (B×(n·D), DINO's <c>get_intermediate_layers</c>
/// as used by <c>eval_linear</c>/<c>get_patch_prediction</c>), and the last block's attention (B×H×T×T).
/// </summary>
public sealed record VitOutputs(Tensor Cls, Tensor LastBlocksCls, Tensor LastAttention) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Cls.Dispose();
        LastBlocksCls.Dispose();
        LastAttention.Dispose();
    }
}
