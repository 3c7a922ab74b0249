using System.Runtime.InteropServices;
using CellNotebooks.Runtime;
using TorchSharp;

namespace CellNotebooks.Notebooks;

/// <summary>
/// What notebook 00 shows about the machine: TorchSharp version, compute device, torch threads, OpenCV version,
/// .NET and OS. Lives in the library so notebooks need no package reference for OpenCvSharp.
/// </summary>
public static class EnvironmentReport
{
    /// <summary>The report as a two-column table; an OpenCV that cannot load shows its error instead of a version.</summary>
    public static ResultTable Create() => new ResultTable("item", "value") { Caption = "Environment" }
        .Add("TorchSharp", typeof(torch).Assembly.GetName().Version?.ToString())
        .Add("device", ComputeDevice.Default.type.ToString())
        .Add("torch threads", ComputeDevice.Threads)
        .Add("cores", Environment.ProcessorCount)
        .Add("OpenCV", OpenCvVersion())
        .Add(".NET", RuntimeInformation.FrameworkDescription)
        .Add("OS", RuntimeInformation.OSDescription);

    /// <summary>OpenCV's version string, or the reason it cannot load (e.g. libgtk-3-0 missing on Linux).</summary>
    public static string OpenCvVersion()
    {
        try
        {
            return OpenCvSharp.Cv2.GetVersionString() ?? "unknown";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            return $"not loadable: {(e.InnerException ?? e).Message} (on Debian/Ubuntu: apt-get install libgtk-3-0)";
        }
    }
}
