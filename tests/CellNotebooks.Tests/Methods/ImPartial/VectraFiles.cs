using CellNotebooks.Methods.ImPartial;

namespace CellNotebooks.Tests.Methods.ImPartial;

/// <summary>The real ImPartial Vectra folder for tests (seeded from ../shared/data/impartial).</summary>
internal static class VectraFiles
{
    public static string Folder => VectraData.Locate()
        ?? throw new InvalidOperationException("The ImPartial Vectra files were not found: set CELLNB_IMPARTIAL_DIR or seed shared/data/impartial beside the repository.");

    public static string Tif(string name) => Path.Combine(Folder, name + ".tif");

    public static string Zip(string name) => Path.Combine(Folder, "labels", "final", name + ".zip");
}
