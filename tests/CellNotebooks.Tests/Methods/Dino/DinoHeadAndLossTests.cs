using CellNotebooks.Methods.Dino;
using CellNotebooks.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Methods.Dino;

[Collection("Torch")]
public sealed class DinoHeadAndLossTests
{
    [Fact]
    public void Head_has_dino_layout_and_parameter_count()
    {
        using var head = new DinoHead(384, 1000, normLastLayer: false);
        long mlp = 384 * 2048 + 2048 + 2048 * 2048 + 2048 + 2048 * 256 + 256;
        Assert.Equal(mlp + 1000 * 256 + 1000, head.parameters().Sum(p => p.numel()));
        var names = head.state_dict().Keys.ToList();
        Assert.Contains("mlp.0.weight", names);
        Assert.Contains("mlp.4.bias", names);
        Assert.Contains("last_layer.weight_g", names);
        Assert.Contains("last_layer.weight_v", names);
        using var x = torch.randn(5, 384);
        using var y = head.forward(x);
        Assert.Equal([5L, 1000], y.shape);
    }

    [Fact]
    public void Weight_norm_gives_rows_of_norm_g_and_fixes_g_when_asked()
    {
        using var free = new WeightNormLinear(6, 4, fixScale: false);
        using (torch.no_grad()) free.Scale.copy_(torch.tensor(new float[] { 1, 2, 3, 0.5f }).reshape(4, 1));
        using var w = free.Weight();
        var norms = w.pow(2).sum(1).sqrt().data<float>().ToArray();
        Assert.Equal([1f, 2f, 3f, 0.5f], norms.Select(v => MathF.Round(v, 5)));
        // Output equals x·Wᵀ with the normalised weight.
        using var x = torch.randn(3, 6);
        using var y = free.forward(x);
        Assert.True(y.allclose(x.matmul(w.t()), atol: 1e-6));
        Assert.True(free.Scale.requires_grad);
        using var fixedScale = new WeightNormLinear(6, 4, fixScale: true);
        Assert.False(fixedScale.Scale.requires_grad);
        Assert.All(fixedScale.Scale.data<float>().ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Loss_equals_a_hand_computation()
    {
        // 2 global + 1 local crop, batch 1, K = 3.
        float[][] s = [[1, 0, 0], [0, 1, 0], [0.5f, 0.5f, 1]];
        float[][] t = [[2, 0, 1], [0, 0, 3]];
        double ts = 0.1, tt = 0.5;
        using var loss = new DinoLoss(3, studentTemp: ts, centerMomentum: 0.9);
        using (torch.no_grad()) loss.Center.copy_(torch.tensor(new float[] { 0.1f, 0.2f, 0.3f }).reshape(1, 3));
        float[] c = [0.1f, 0.2f, 0.3f];

        double total = 0;
        int terms = 0;
        for (int iq = 0; iq < 2; iq++)
            for (int v = 0; v < 3; v++)
            {
                if (v == iq) continue;
                var p = Softmax(t[iq].Select((z, k) => (z - (double)c[k]) / tt).ToArray());
                var logq = LogSoftmax(s[v].Select(z => z / ts).ToArray());
                total += -p.Zip(logq).Sum(pq => pq.First * pq.Second);
                terms++;
            }
        double expected = total / terms;

        using var so = torch.tensor(s.SelectMany(r => r).ToArray()).reshape(3, 3);
        using var to = torch.tensor(t.SelectMany(r => r).ToArray()).reshape(2, 3);
        using var l = loss.Forward(so, to, crops: 3, teacherTemp: tt);
        Assert.Equal(expected, l.item<float>(), 4);
        Assert.Equal(4, terms);

        // Centre EMA: c ← 0.9c + 0.1·mean(teacher rows).
        var centre = loss.Center.data<float>().ToArray();
        for (int k = 0; k < 3; k++) Assert.Equal(0.9 * c[k] + 0.1 * (t[0][k] + t[1][k]) / 2, centre[k], 5);
    }

    [Fact]
    public void Diagnostics_split_the_loss_into_teacher_entropy_and_kl()
    {
        torch.manual_seed(4);
        using var loss = new DinoLoss(8, studentTemp: 0.1, centerMomentum: 0.9);
        using var scope = torch.NewDisposeScope();
        var student = torch.randn(4 * 3, 8); // 4 crops of 3
        var teacher = torch.randn(2 * 3, 8);
        loss.UpdateCenter(torch.randn(5, 8)); // a non-zero centre
        var (entropy, kl) = loss.Diagnostics(student, teacher, 4, 0.5);
        double value = loss.Forward(student, teacher, 4, 0.5, updateCenter: false).item<float>();
        Assert.Equal(value, entropy + kl, 4);
        Assert.True(kl > 0 && entropy > 0 && entropy < Math.Log(8));

        // Uniform collapse: constant outputs give entropy ln K and KL 0.
        var (uniformEntropy, uniformKl) = loss.Diagnostics(torch.zeros(4 * 3, 8), loss.Center.expand(6, 8), 4, 0.04);
        Assert.Equal(Math.Log(8), uniformEntropy, 5);
        Assert.Equal(0.0, uniformKl, 5);
    }

    [Fact]
    public void Loss_is_low_when_student_matches_a_confident_teacher()
    {
        using var loss = new DinoLoss(4, centerMomentum: 0.9);
        using var teacher = torch.tensor(new float[] { 10, 0, 0, 0, 10, 0, 0, 0 }).reshape(2, 4);
        using var good = torch.tensor(new float[] { 10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0 }).reshape(3, 4);
        using var bad = torch.tensor(new float[] { 0, 10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0 }).reshape(3, 4);
        using var lg = loss.Forward(good, teacher, 3, 0.04, updateCenter: false);
        using var lb = loss.Forward(bad, teacher, 3, 0.04, updateCenter: false);
        Assert.True(lg.item<float>() < 0.01f);
        Assert.True(lb.item<float>() > 50f);
    }

    private static double[] Softmax(double[] z)
    {
        var m = z.Max();
        var e = z.Select(v => Math.Exp(v - m)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    private static double[] LogSoftmax(double[] z)
    {
        var m = z.Max();
        var lse = m + Math.Log(z.Sum(v => Math.Exp(v - m)));
        return [.. z.Select(v => v - lse)];
    }
}
