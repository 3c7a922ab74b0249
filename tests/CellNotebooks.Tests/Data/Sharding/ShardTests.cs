using CellNotebooks.Data.Sharding;

namespace CellNotebooks.Tests.Data.Sharding;

public sealed class ShardTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(10, 3)]
    [InlineData(10, 4)]
    [InlineData(7, 7)]
    [InlineData(3, 8)]
    [InlineData(1000, 13)]
    public void Shards_cover_every_item_exactly_once_in_order(int total, int count)
    {
        var seen = new int[total];
        int next = 0;
        for (int i = 0; i < count; i++)
        {
            var (start, end) = new Shard(i, count).Range(total);
            Assert.Equal(next, start);                             // contiguous, in shard order
            Assert.InRange(end - start, total / count, total / count + 1);   // balanced
            for (int k = start; k < end; k++)
            {
                seen[k]++;
                Assert.True(new Shard(i, count).Contains(k, total));
            }
            next = end;
        }
        Assert.Equal(total, next);
        Assert.All(seen, s => Assert.Equal(1, s));
    }

    [Fact]
    public void Large_plates_split_many_ways_do_not_overflow()
    {
        var (start, end) = new Shard(999, 1000).Range(int.MaxValue);
        Assert.Equal(int.MaxValue, end);
        Assert.True(start > 0 && start < end);
    }

    [Theory]
    [InlineData("0/4", 0, 4)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 2 / 5 ", 2, 5)]
    [InlineData("0/1", 0, 1)]
    public void Parses_zero_based_index_over_count(string text, int index, int count)
    {
        var shard = Shard.Parse(text);
        Assert.Equal((index, count), (shard.Index, shard.Count));
        Assert.Equal($"{index}/{count}", shard.ToString());
        Assert.Equal($"part-{index}-of-{count}.parquet", shard.PartFileName());
    }

    [Theory]
    [InlineData("4/4", "index 4 is out of range for 4 shard(s)", "write 3/4")]
    [InlineData("5/4", "index 5 is out of range", "0-based")]
    [InlineData("1/0", "at least 1", "i/n")]
    [InlineData("-1/4", "not of the form i/n", "0 <= i < n")]
    [InlineData("2", "not of the form i/n", "SLURM_ARRAY_TASK_ID")]
    [InlineData("a/b", "not of the form i/n", "JOB_COMPLETION_INDEX")]
    [InlineData("1/2/3", "not of the form i/n", "e.g. 0/4")]
    [InlineData("", "not of the form i/n", "0-based")]
    public void Bad_shards_give_clear_errors(string text, string problem, string hint)
    {
        var e = Assert.Throws<FormatException>(() => Shard.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains(hint, e.Message);
        Assert.False(Shard.TryParse(text, out var none, out var error));
        Assert.Null(none);
        Assert.Equal(e.Message, error);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shard(4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shard(0, 0));
    }
}
