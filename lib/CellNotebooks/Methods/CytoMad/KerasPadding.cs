namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// TensorFlow's <c>padding='same'</c> arithmetic (tensorflow/core/framework/kernel_shape_util.cc,
/// <c>GetWindowedOutputSize</c>): output = ceil(n / stride); total padding = max(k − s, 0) when n is divisible by s,
/// otherwise max(k − n mod s, 0); the smaller half goes <em>before</em>. With an even kernel this is asymmetric
/// (k=4, s=1: 1 before, 2 after), which PyTorch's symmetric <c>padding</c> cannot express.
/// </summary>
public static class KerasPadding
{
    /// <summary>(before, after) padding of one spatial dimension of size <paramref name="n"/>.</summary>
    public static (int Before, int After) Same(int n, int kernel, int stride)
    {
        int total = n % stride == 0 ? Math.Max(kernel - stride, 0) : Math.Max(kernel - n % stride, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>Output size of a 'same' convolution: ceil(n / stride).</summary>
    public static int ConvOutput(int n, int stride) => (n + stride - 1) / stride;
}
