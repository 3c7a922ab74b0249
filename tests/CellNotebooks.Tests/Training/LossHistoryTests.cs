using CellNotebooks.Training;

namespace CellNotebooks.Tests.Training;

public sealed class LossHistoryTests
{
    [Fact]
    public void Count_is_the_number_of_recorded_steps_through_either_overload()
    {
        // Notebook 03 fills a history value by value from a training log; it must not read as empty.
        var byValue = new LossHistory();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            byValue.Add(epoch, "train loss", 1.0 / (epoch + 1));
            byValue.Add(epoch, "test loss", 2.0 / (epoch + 1));
        }
        Assert.Equal(3, byValue.Count);

        var byStep = new LossHistory();
        byStep.Add(0, new Dictionary<string, float> { ["loss"] = 1f, ["lr"] = 0.1f });
        byStep.Add(1, new Dictionary<string, float>());
        byStep.Add(1, "val_acc", 0.5); // an extra value of a step already counted
        Assert.Equal(2, byStep.Count);
        Assert.Equal(0, new LossHistory().Count);
    }
}
