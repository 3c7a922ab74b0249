using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Methods.CytoMad;

/// <summary>
/// Linear probe for the evaluation the CytoMAD paper reports but the upstream code does not compute: multinomial
/// logistic regression on standardised features (mean/std of the training features), full-batch Adam (lr 0.05,
/// 300 steps, L2 1e-3 on the weights, zero init ⇒ deterministic), trained on training-cell features and scored on
/// held-out cells. High accuracy for the batch label means the features still carry batch information.
/// (To be switched to the shared linear probe of <c>Methods.Dino</c> once it lands.)
/// </summary>
public static class FeatureProbe
{
    /// <summary>Held-out accuracy of a linear classifier; features are row-major N×<paramref name="dim"/>.</summary>
    public static double Accuracy(float[] trainFeatures, int[] trainLabels, float[] testFeatures, int[] testLabels, int dim, int classes,
        int steps = 300, double lr = 0.05, double l2 = 1e-3)
    {
        if (trainFeatures.Length != trainLabels.Length * dim || testFeatures.Length != testLabels.Length * dim)
            throw new ArgumentException($"Feature arrays must hold labels × {dim} values.");
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(trainFeatures, [trainLabels.Length, dim]);
        var xt = torch.tensor(testFeatures, [testLabels.Length, dim]);
        var mean = x.mean([0], keepdim: true);
        var std = x.std(0, keepdim: true) + 1e-6;
        x = (x - mean) / std;
        xt = (xt - mean) / std;
        var y = torch.tensor(trainLabels.Select(v => (long)v).ToArray());
        var w = new TorchSharp.Modules.Parameter(torch.zeros(dim, classes));
        var b = new TorchSharp.Modules.Parameter(torch.zeros(classes));
        using var optimizer = torch.optim.Adam([w, b], lr);
        for (int i = 0; i < steps; i++)
        {
            using var step = torch.NewDisposeScope();
            var loss = nn.functional.cross_entropy(x.matmul(w) + b, y) + l2 * w.square().sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        using var noGrad = torch.no_grad();
        var predicted = (xt.matmul(w) + b).argmax(1).data<long>().ToArray();
        return testLabels.Length == 0 ? double.NaN : predicted.Where((p, i) => p == testLabels[i]).Count() / (double)testLabels.Length;
    }

    /// <summary>Chance level of a test set: the frequency of its most common label.</summary>
    public static double Chance(int[] labels) =>
        labels.Length == 0 ? double.NaN : labels.GroupBy(l => l).Max(g => g.Count()) / (double)labels.Length;
}
