using CellNotebooks.Data.Demo;
using CellNotebooks.Data.Profiling;
using CellNotebooks.Methods.UniDino;
using CellNotebooks.Notebooks;

namespace CellNotebooks.Tests.Methods.UniDino;

/// <summary>A small generated 3-channel plate on disk (the demo generator's real layout): 10 fields of 96×96 px.</summary>
internal static class TinyPlate
{
    /// <summary>Crops of 32 px, no sub-sampling: 9 tiles per field.</summary>
    public static readonly CellCropOptions Crops = new(CropSize: 32, SubSample: 1);

    /// <summary>Writes the plate under <paramref name="folder"/>; returns its plate table (CSV).</summary>
    public static string Write(string folder)
    {
        var options = FluorescencePlateOptions.For(Preset.Smoke) with
        {
            Batches = 2,
            Moas = 2,
            CompoundsPerMoa = 2,
            Concentrations = 1,
            DmsoWellsPerPlate = 1,
            SitesPerWell = 1,
            FieldSize = 96,
            CellsPerField = 4,
            Seed = 5,
        };
        return FluorescencePlateGenerator.Generate(folder, options).PlateMetadataPath;
    }

    /// <summary>The plate table as uniDINO metadata.</summary>
    public static UniDinoMetadata Read(string csv) => UniDinoMetadata.FromPlate(PlateMetadata.Read(csv), "tiny plate").Validate(checkFiles: true);
}
