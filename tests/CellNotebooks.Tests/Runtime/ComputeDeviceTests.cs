using CellNotebooks.Runtime;

namespace CellNotebooks.Tests.Runtime;

public sealed class ComputeDeviceTests
{
    [Theory]
    [InlineData(null, 2, 2)]
    [InlineData("", 4, 4)]
    [InlineData("1", 2, 1)]
    [InlineData(" 3 ", 2, 3)]
    [InlineData(null, 0, 1)]
    public void Thread_count_is_one_per_core_unless_overridden(string? variable, int cores, int expected) =>
        Assert.Equal(expected, ComputeDevice.ThreadCount(variable, cores));

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    public void A_bad_override_names_the_variable(string variable)
    {
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.ThreadCount(variable, 2));
        Assert.Contains("CELLNB_THREADS", e.Message);
    }
}
