using CellNotebooks.Nn;
using CellNotebooks.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CellNotebooks.Tests.Runtime;

[Collection("Torch")]
public sealed class NativeHeapTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("1", null, true)]
    [InlineData("0", null, false)]
    [InlineData(" off ", null, false)]
    [InlineData("false", null, false)]
    [InlineData(null, "glibc.malloc.mmap_max=65536", false)]
    [InlineData(null, "glibc.pthread.rseq=0", true)]
    public void Retaining_is_the_default_unless_switched_off_or_tuned_by_the_user(string? switchValue, string? tunables, bool expected) =>
        Assert.Equal(expected, NativeHeap.ShouldRetain(switchValue, tunables, ["PATH", "HOME"]));

    [Fact]
    public void A_glibc_malloc_variable_of_the_user_wins()
    {
        Assert.False(NativeHeap.ShouldRetain(null, null, ["PATH", "MALLOC_ARENA_MAX_"]));
        Assert.True(NativeHeap.ShouldRetain(null, null, ["PATH", "MALLOC_NOTES"]));
    }

    [Fact]
    public void The_setting_is_applied_when_the_library_loads_on_glibc()
    {
        bool userTuned = !NativeHeap.ShouldRetain(Environment.GetEnvironmentVariable("CELLNB_RETAIN_HEAP"),
            Environment.GetEnvironmentVariable("GLIBC_TUNABLES"),
            Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString() ?? ""));
        if (OperatingSystem.IsLinux() && !userTuned) Assert.True(NativeHeap.Retained);
        else Assert.False(NativeHeap.Retained);
    }

    [Fact]
    public void A_unet_step_on_reused_memory_full_of_nan_gives_the_same_outputs_and_gradients()
    {
        // Retained memory is handed out again without being zeroed: fill it with NaN first, so that a kernel that
        // read memory it never wrote would turn the step's outputs or gradients NaN or change them.
        var (output0, grads0) = Step();
        for (int i = 0; i < 3; i++)
            foreach (long n in new long[] { 4096, 65536, 1 << 20, 9 << 20 })
                using (var garbage = torch.full(n, float.NaN)) { }
        var (output1, grads1) = Step();
        Assert.True(output0.isfinite().all().item<bool>());
        Assert.True(output0.allclose(output1, rtol: 0, atol: 0));
        Assert.Equal(grads0.Count, grads1.Count);
        for (int i = 0; i < grads0.Count; i++)
        {
            Assert.True(grads0[i].isfinite().all().item<bool>(), $"gradient {i} is not finite");
            Assert.True(grads0[i].allclose(grads1[i], rtol: 0, atol: 0), $"gradient {i} differs on reused memory");
        }
    }

    private static (Tensor Output, List<Tensor> Grads) Step()
    {
        torch.manual_seed(3);
        using var net = new UNet(2, 12, depth: 2, baseWidth: 16, dropout: 0.5);
        using var x = torch.randn(2, 2, 24, 24);
        var y = net.forward(x);
        y.square().mean().backward();
        return (y.detach(), net.parameters().Select(p => p.grad!.clone()).ToList());
    }
}
