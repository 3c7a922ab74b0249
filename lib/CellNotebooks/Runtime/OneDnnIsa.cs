using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CellNotebooks.Runtime;

/// <summary>
/// Caps oneDNN (libtorch's CPU convolution backend) at AVX2 unless the user set <c>ONEDNN_MAX_CPU_ISA</c>.
/// Measured on the project's AMD EPYC (AVX-512 incl. bf16/vp2intersect) with libtorch-cpu 2.10.0: the AVX-512
/// backward-data kernel of <c>Conv2d</c> intermittently leaves blocks of the input gradient as NaN (≈ 1 in 10–40 calls
/// for 3×3 convs with 16 input channels; weights' gradients stay finite), which turns U-Net training NaN after a few
/// steps. With <c>ONEDNN_MAX_CPU_ISA=AVX2</c> the same loop gave 0 bad gradients in 240 calls. oneDNN reads the
/// variable from the native environment on first use, so it is set through libc's <c>setenv</c> when this assembly loads.
/// </summary>
internal static class OneDnnIsa
{
#pragma warning disable CA2255 // must run before the first convolution anywhere in the process
    [ModuleInitializer]
    internal static void Cap()
#pragma warning restore CA2255
    {
        if (!OperatingSystem.IsLinux()) return;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA"))) return;
        try
        {
            _ = SetEnv("ONEDNN_MAX_CPU_ISA", "AVX2", 0);
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);
}
