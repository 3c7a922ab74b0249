using CellNotebooks.Tests.Data;

namespace CellNotebooks.Tests.Methods.ImPartial;

/// <summary>The real ImPartial Vectra folder for tests (read-only shared/data; tests using it are <see cref="SharedDataFactAttribute"/>).</summary>
internal static class VectraFiles
{
    public static string Folder => SharedData.Path("impartial", "Vectra_WC_2CH_tiff");

    public static string Tif(string name) => Path.Combine(Folder, name + ".tif");

    public static string Zip(string name) => Path.Combine(Folder, "labels", "final", name + ".zip");
}
