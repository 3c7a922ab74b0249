using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Nn;

/// <summary>
/// A model's float32 forward and backward (loss: mean of the squared output) beside a float64 copy with the same
/// weights, which libtorch computes without oneDNN: the reference of the oneDNN checks.
/// </summary>
internal static class Float64Reference
{
    /// <summary>Builds the model twice with <paramref name="make"/>, then the input with <paramref name="input"/>, and
    /// returns the relative error of the output and of every parameter's gradient (in <c>named_parameters</c> order).</summary>
    public static (double Output, List<(string Name, double Error)> Gradients) Compare(Func<nn.Module<Tensor, Tensor>> make, Func<Tensor> input)
    {
        using var net32 = make();
        using var net64 = make();
        net64.load_state_dict(net32.state_dict());
        net64.to(ScalarType.Float64);
        using var x = input();
        using var y32 = net32.forward(x);
        using var x64 = x.to(ScalarType.Float64);
        using var y64 = net64.forward(x64);
        using var loss32 = y32.square().mean();
        using var loss64 = y64.square().mean();
        loss32.backward();
        loss64.backward();
        var gradients = net32.named_parameters().Zip(net64.parameters())
            .Select(p => (p.First.name, RelativeError(p.First.parameter.grad!, p.Second.grad!))).ToList();
        return (RelativeError(y32, y64), gradients);
    }

    /// <summary>‖f32 − f64‖ / ‖f64‖: the oneDNN errors are of order 1 (or NaN), float32 rounding far below.</summary>
    public static double RelativeError(Tensor f32, Tensor f64)
    {
        using var a = f32.to(ScalarType.Float64);
        using var diff = a - f64;
        return diff.norm().item<double>() / (f64.norm().item<double>() + 1e-12);
    }
}
