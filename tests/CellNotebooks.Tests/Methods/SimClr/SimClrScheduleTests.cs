using CellNotebooks.Methods.SimClr;

namespace CellNotebooks.Tests.Methods.SimClr;

public sealed class SimClrScheduleTests
{
    [Fact]
    public void Cosine_goes_from_peak_to_final()
    {
        var lr = SimClrSchedule.Cosine(1.0, 5);
        double[] expected = [1, 0.5 * (1 + Math.Cos(Math.PI / 4)), 0.5, 0.5 * (1 + Math.Cos(3 * Math.PI / 4)), 0];
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], lr[i], 12);
    }

    [Fact]
    public void Warmup_is_linear()
    {
        var lr = SimClrSchedule.Cosine(2.0, 6, warmupSteps: 2, final: 0.5);
        Assert.Equal([1.0, 2.0], lr[..2]);
        Assert.Equal(2.0, lr[2], 12);
        Assert.Equal(0.5, lr[5], 12);
        Assert.Throws<ArgumentException>(() => SimClrSchedule.Cosine(1, 0));
    }
}
