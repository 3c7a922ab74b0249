using CellNotebooks.Methods.SimClr;
using TorchSharp;

namespace CellNotebooks.Tests.Methods.SimClr;

[Collection("Torch")]
public sealed class NtXentLossTests
{
    private static readonly float[,] Zi = { { 1, 0 }, { 0.6f, 0.8f }, { -1, 0.5f } };
    private static readonly float[,] Zj = { { 0.8f, 0.2f }, { 0, 1 }, { -0.5f, -0.5f } };

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    public void Equals_a_hand_computation(double tau)
    {
        using var zi = torch.tensor(Zi);
        using var zj = torch.tensor(Zj);
        using var loss = NtXentLoss.Compute(zi, zj, tau);
        Assert.Equal(Hand(Zi, Zj, tau), loss.item<float>(), 4);
    }

    [Fact]
    public void Is_symmetric_in_the_views_and_uses_the_actual_batch_size()
    {
        using var zi = torch.tensor(Zi);
        using var zj = torch.tensor(Zj);
        using var a = NtXentLoss.Compute(zi, zj, 0.2);
        using var b = NtXentLoss.Compute(zj, zi, 0.2);
        Assert.Equal(a.item<float>(), b.item<float>(), 5);
        // A "short last batch" of two rows works too.
        using var short1 = zi.narrow(0, 0, 2);
        using var short2 = zj.narrow(0, 0, 2);
        using var c = NtXentLoss.Compute(short1, short2, 0.2);
        Assert.Equal(Hand(Slice(Zi, 2), Slice(Zj, 2), 0.2), c.item<float>(), 4);
        using var one = zi.narrow(0, 0, 1);
        Assert.Throws<ArgumentException>(() => NtXentLoss.Compute(one, one, 0.2));
    }

    private static float[,] Slice(float[,] z, int n)
    {
        var r = new float[n, z.GetLength(1)];
        for (int i = 0; i < n; i++) for (int k = 0; k < z.GetLength(1); k++) r[i, k] = z[i, k];
        return r;
    }

    // L = 1/(2N) Σ_a −log( exp(s_{a,p(a)}/τ) / Σ_{b≠a} exp(s_ab/τ) ), R = [z_j; z_i] normalised.
    private static double Hand(float[,] zi, float[,] zj, double tau)
    {
        int n = zi.GetLength(0), d = zi.GetLength(1);
        var r = new double[2 * n][];
        for (int i = 0; i < n; i++)
        {
            r[i] = Enumerable.Range(0, d).Select(k => (double)zj[i, k]).ToArray();
            r[i + n] = Enumerable.Range(0, d).Select(k => (double)zi[i, k]).ToArray();
        }
        foreach (var v in r) { double norm = Math.Sqrt(v.Sum(x => x * x)); for (int k = 0; k < d; k++) v[k] /= norm; }
        double Sim(int a, int b) => Enumerable.Range(0, d).Sum(k => r[a][k] * r[b][k]);
        double total = 0;
        for (int a = 0; a < 2 * n; a++)
        {
            int p = (a + n) % (2 * n);
            double denom = Enumerable.Range(0, 2 * n).Where(b => b != a).Sum(b => Math.Exp(Sim(a, b) / tau));
            total += -Math.Log(Math.Exp(Sim(a, p) / tau) / denom);
        }
        return total / (2 * n);
    }
}
