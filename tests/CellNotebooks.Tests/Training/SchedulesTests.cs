using CellNotebooks.Training;

namespace CellNotebooks.Tests.Training;

public sealed class SchedulesTests
{
    [Fact]
    public void Cosine_has_epochs_times_iterations_entries_like_dino_asserts()
    {
        Assert.Equal(7 * 5, Schedules.Cosine(1, 0, epochs: 7, itersPerEpoch: 5, warmupEpochs: 2).Length);
        Assert.Equal(12, Schedules.Cosine(1, 0, 4, 3).Length);
    }

    [Fact]
    public void Cosine_warmup_is_linspace_then_cosine_from_base()
    {
        // 2 epochs × 2 iterations warm-up from 0 to 1: linspace(0, 1, 4) = 0, 1/3, 2/3, 1.
        var s = Schedules.Cosine(1.0, 0.0, epochs: 4, itersPerEpoch: 2, warmupEpochs: 2, startWarmupValue: 0);
        Assert.Equal(8, s.Length);
        Assert.Equal([0, 1 / 3.0, 2 / 3.0, 1], s[..4], new ToleranceComparer(1e-12));
        // Cosine part over n = 4: final + ½(base−final)(1+cos(πi/4)), i = 0..3.
        for (int i = 0; i < 4; i++)
            Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * i / 4)), s[4 + i], 12);
    }

    [Fact]
    public void Cosine_without_warmup_starts_at_base_and_approaches_final()
    {
        var s = Schedules.Cosine(0.04, 0.4, epochs: 10, itersPerEpoch: 10);
        Assert.Equal(0.04, s[0], 12);
        Assert.True(s[^1] > 0.399 && s[^1] < 0.4); // last i = n−1, so not exactly final (as upstream)
        for (int i = 1; i < s.Length; i++) Assert.True(s[i] >= s[i - 1]);
    }

    [Fact]
    public void Momentum_schedule_goes_from_0_996_towards_1()
    {
        var m = Schedules.Cosine(0.996, 1.0, epochs: 3, itersPerEpoch: 4);
        Assert.Equal(0.996, m[0], 12);
        Assert.True(m[^1] > 0.9995 && m[^1] <= 1.0);
    }

    [Fact]
    public void Teacher_temperature_warmup_reaches_final_in_last_warmup_epoch()
    {
        var t = Schedules.WarmupThenConstant(0.01, 0.04, warmupEpochs: 4, epochs: 6);
        Assert.Equal([0.01, 0.02, 0.03, 0.04, 0.04, 0.04], t, new ToleranceComparer(1e-12));
        Assert.All(Schedules.WarmupThenConstant(0.04, 0.04, 10, 3), v => Assert.Equal(0.04, v, 12));
    }

    [Fact]
    public void Per_step_repeats_each_epoch_value()
    {
        Assert.Equal([1.0, 1.0, 2.0, 2.0], Schedules.PerStep([1.0, 2.0], 2));
    }

    [Fact]
    public void Scaled_learning_rate_follows_the_linear_rule()
    {
        Assert.Equal(5e-5, Schedules.ScaledLearningRate(5e-5, 256), 15);
        Assert.Equal(4e-4 * 510 / 256, Schedules.ScaledLearningRate(4e-4, 510), 15);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Schedules.Cosine(1, 0, epochs: 2, itersPerEpoch: 3, warmupEpochs: 3));
        Assert.Throws<ArgumentException>(() => Schedules.Cosine(1, 0, epochs: -1, itersPerEpoch: 3));
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
