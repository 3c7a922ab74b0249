using CellNotebooks.Runner;
using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Runner;

public sealed class DataCommandTests
{
    private static int Cellnb(params string[] args) => CommandLine.Build().Parse(args).Invoke();

    [SharedDataFact("impartial")]
    public void Fetch_from_then_verify_succeeds_and_unknown_names_fail()
    {
        using var cache = new ScratchFolder();
        Assert.Equal(0, Cellnb("data", "fetch", "impartial-vectra", "--from", SharedData.Path("impartial"), "--cache", cache.Path));
        Assert.Equal(0, Cellnb("data", "verify", "impartial-vectra", "--cache", cache.Path));
        Assert.Equal(0, Cellnb("data", "verify", "--cache", cache.Path));
        Assert.Equal(0, Cellnb("data", "list", "--cache", cache.Path));
        Assert.Equal(1, Cellnb("data", "verify", "clanet-splits", "--cache", cache.Path)); // not fetched
        Assert.Equal(1, Cellnb("data", "fetch", "no-such-set", "--cache", cache.Path));
        Assert.Equal(1, Cellnb("data", "fetch", "clanet-splits", "--from", SharedData.Path("impartial"), "--cache", cache.Path));
    }
}
